// expect: CR311 'CallNotDifferentiableInWhileCondition.sq' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (s)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInWhileCondition {
  static double sq(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = x;
    while (sq(s) < 100) { // error here
      s = s * 2;
    }
    return s;
  }
}
