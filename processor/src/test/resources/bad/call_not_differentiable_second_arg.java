// expect: CR311 'CallNotDifferentiableSecondArg.h' has no derivative: it is not @Differentiable, and its argument 2 depends on a differentiable parameter
// expect-column-at: (2.0, y)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableSecondArg {
  static double h(double a, double b) {
    return a * b;
  }

  @Differentiable
  static double f(double x) {
    double y = Math.sin(x);
    return h(2.0, y); // error here
  }
}
