// expect: CR202 a label on a statement that is not a loop is not supported inside @Differentiable methods
// expect-column-at: check:
package bad;

import io.github.chainrule.Differentiable;

class LabelledIf {
  @Differentiable
  static double f(double x) {
    double y = x;
    check: if (x > 0) { if (x > 5) break check; y = 2 * x; } // error here
    return y;
  }
}
