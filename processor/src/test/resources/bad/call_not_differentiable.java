// expect: CR311 'CallNotDifferentiable.h' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiable {
  static double h(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x) {
    return 2 * h(x); // error here
  }
}
