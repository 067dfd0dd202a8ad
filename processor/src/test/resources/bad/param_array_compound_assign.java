// expect: CR320 this writes into the array 'w', which is (or may be) a parameter
// expect-column-at: [i] +=
package bad;

import io.github.chainrule.Differentiable;

class ParamArrayCompoundAssign {
  @Differentiable
  static double f(double x, double[] w) {
    double y = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] += x; // error here
      y = y + w[i];
    }
    return y;
  }
}
