// expect: CR301 an assignment inside a loop condition is not supported inside @Differentiable methods
// expect-column-at: ((y
package bad;

import io.github.chainrule.Differentiable;

class LoopDoWhileConditionAssignment {
  @Differentiable
  static double f(double x) {
    double y = x;
    do { y = y * 1.5; } while ((y += x) < 100); // error here
    return y;
  }
}
