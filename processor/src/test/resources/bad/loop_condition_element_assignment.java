// expect: CR301 an assignment to an array element inside a loop condition is not supported inside @Differentiable methods
// expect-column-at: = a[0] * x
package bad;

import io.github.chainrule.Differentiable;

// Locals may be assigned in a loop condition; array elements may not (the backward sweep of a
// loop's head does not restore memory: accepted, reverse mode gave dX 469.4 instead of 45.56).
class LoopConditionElementAssignment {
  @Differentiable
  static double f(double x) {
    double[] a = {1, 2};
    while ((a[0] = a[0] * x) < 10) { } // error here
    return a[0];
  }
}
