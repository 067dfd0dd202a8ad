// expect: CR301 an assignment inside a loop condition is not supported inside @Differentiable methods
// expect-column-at: (n--
package bad;

import io.github.chainrule.Differentiable;

// n-- assigns too; the loop is nested in an if.
class LoopConditionIncrementInsideIf {
  @Differentiable
  static double f(double x, int n) {
    double y = x;
    if (x > 0) {
      while (n-- > 0) { y = y * x; } // error here
    }
    return y;
  }
}
