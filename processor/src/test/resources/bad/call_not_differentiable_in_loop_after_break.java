// expect: CR311 'CallNotDifferentiableInLoopAfterBreak.sq' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (s)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInLoopAfterBreak {
  static double sq(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
      if (s > 10) {
        break;
      }
      s = sq(s); // error here
    }
    return s;
  }
}
