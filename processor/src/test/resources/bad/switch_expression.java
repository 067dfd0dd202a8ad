// expect: CR301 this expression (switch expression) is not supported inside @Differentiable methods
// expect-column-at: switch (
package bad;

import io.github.chainrule.Differentiable;

class SwitchExpression {
  @Differentiable
  static double f(double x, int n) {
    double y = switch (n) { case 1 -> 2 * x; default -> 3 * x; }; // error here
    return y;
  }
}
