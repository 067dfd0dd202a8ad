// expect: CR202 throw is not supported
// expect-column-at: throw
package bad;

import io.github.chainrule.Differentiable;

class SwitchStatementThrowArm {
  @Differentiable
  static double f(double x, int n) {
    double y = x;
    switch (n) {
      case 1 -> y = 2 * x;
      default -> throw new IllegalArgumentException("n"); // error here
    }
    return y;
  }
}
