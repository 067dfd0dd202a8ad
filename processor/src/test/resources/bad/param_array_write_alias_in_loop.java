// expect: CR320 this writes into the array 'cur', which is (or may be) a parameter
// expect-column-at: [0] =
package bad;

import io.github.chainrule.Differentiable;

// The local starts as a new array and becomes a row of the parameter inside the loop.
class ParamArrayWriteAliasInLoop {
  @Differentiable
  static double f(double x, double[][] m) {
    double[] cur = new double[2];
    double y = 0;
    for (int i = 0; i < m.length; i++) {
      cur = m[i];
      cur[0] = cur[0] * x; // error here
      y = y + cur[0];
    }
    return y;
  }
}
