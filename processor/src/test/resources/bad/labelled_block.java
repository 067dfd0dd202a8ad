// expect: CR202 a label on a statement that is not a loop is not supported inside @Differentiable methods
// expect-column-at: done:
package bad;

import io.github.chainrule.Differentiable;

class LabelledBlock {
  @Differentiable
  static double f(double x) {
    double y = x;
    done: { if (x > 1) break done; y = 2 * x; } // error here
    return y;
  }
}
