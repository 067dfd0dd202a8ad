// expect: CR320 this writes into the array 'w', which is (or may be) a parameter
// expect-column-at: [i] = y
package bad;

import io.github.chainrule.Differentiable;

// The statements after an if that may return are read once per branch that falls through;
// an error in them (here in a loop) must still be reported once.
class LoopAfterBranchWithReturn {
  @Differentiable
  static double f(double x, double[] w) {
    double y;
    if (x > 0) {
      if (x > 10) {
        return x;
      }
      y = 2 * x;
    } else {
      y = -x;
    }
    for (int i = 0; i < w.length; i++) { w[i] = y; } // error here
    return y;
  }
}
