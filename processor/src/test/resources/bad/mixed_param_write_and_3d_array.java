// expect: CR320 this writes into the array 'w', which is (or may be) a parameter
// expect-column-at: [i] =
// expect: CR321 this array creation is not supported
// expect-column-at: new
package bad;

import io.github.chainrule.Differentiable;

// Two errors in one method, one inside a loop: both in one build.
class MixedParamWriteAnd3dArray {
  @Differentiable
  static double f(double x, double[] w) {
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] * x; // error here
    }
    var cube = new double[2][2][2]; // error here
    return w[0] * x;
  }
}
