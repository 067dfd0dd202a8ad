// expect: CR311 'CallNotDifferentiableInLoopUpdate.half' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (s)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInLoopUpdate {
  static double half(double a) {
    return a / 2;
  }

  @Differentiable
  static double f(double x) {
    double s = x;
    for (double t = x; t > 1; s = half(s)) { // error here
      t = t / 2;
    }
    return s;
  }
}
