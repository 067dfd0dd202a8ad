// expect: CR209 a switch arm that throws is not supported
// expect-column-at: throw
package bad;

import io.github.chainrule.Differentiable;

class SwitchExpressionThrowArm {
  @Differentiable
  static double f(double x, int n) {
    double y = switch (n) {
      case 1 -> 2 * x;
      default -> throw new IllegalArgumentException("n"); // error here
    };
    return y;
  }
}
