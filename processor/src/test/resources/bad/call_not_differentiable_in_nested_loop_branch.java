// expect: CR311 'CallNotDifferentiableInNestedLoopBranch.sq' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (x * j)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInNestedLoopBranch {
  static double sq(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (j % 2 == 0) {
          s += sq(x * j); // error here
        }
      }
    }
    return s;
  }
}
