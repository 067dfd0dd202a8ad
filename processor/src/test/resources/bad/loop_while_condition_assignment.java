// expect: CR301 an assignment inside a loop condition is not supported inside @Differentiable methods; assign before the loop or in its body
// expect-column-at: ((x
package bad;

import io.github.chainrule.Differentiable;

class LoopWhileConditionAssignment {
  @Differentiable
  static double f(double x) {
    double y = 0;
    while ((x = x * 2) < 10) { y = y + x; } // error here
    return y;
  }
}
