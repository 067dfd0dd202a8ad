// expect: CR322 returning an array is not supported yet
// expect-column-at: [][] f(
package bad;

import io.github.chainrule.Differentiable;

class ReturnFloatMatrix {
  @Differentiable
  static float[][] f(float x) { // error here
    float[][] m = new float[1][1];
    m[0][0] = x * x;
    return m;
  }
}
