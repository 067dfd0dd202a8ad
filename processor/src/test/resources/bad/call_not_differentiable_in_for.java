// expect: CR311 'CallNotDifferentiableInFor.sq' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInFor {
  static double sq(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += sq(x); // error here
    }
    return s;
  }
}
