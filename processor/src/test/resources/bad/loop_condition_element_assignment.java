// expect: CR301 an assignment inside a loop condition is not supported inside @Differentiable methods
// expect-column-at: ((a
package bad;

import io.github.chainrule.Differentiable;

// An assignment to an array element in the condition is an assignment in the condition too:
// accepted, and the reverse-mode derivative is wrong (x = 1.5: dX 469.4 instead of 45.56; the
// tangent is right).
class LoopConditionElementAssignment {
  @Differentiable
  static double f(double x) {
    double[] a = {1, 2};
    while ((a[0] = a[0] * x) < 10) { } // error here
    return a[0];
  }
}
