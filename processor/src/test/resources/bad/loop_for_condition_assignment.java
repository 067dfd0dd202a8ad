// expect: CR301 an assignment inside a loop condition is not supported inside @Differentiable methods
// expect-column-at: < 100
package bad;

import io.github.chainrule.Differentiable;

// The update part of a for may assign; its condition may not. (Unparenthesized, the condition
// is the comparison: the error is at its operator.)
class LoopForConditionAssignment {
  @Differentiable
  static double f(double x) {
    double y = x;
    for (int i = 0; (y = y * x) < 100; i++) { } // error here
    return y;
  }
}
