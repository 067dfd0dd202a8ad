// expect: CR314 'g' is an instance method: only static methods can be called inside @Differentiable methods
// expect-column-at: (x)
// javac-invalid: an instance method cannot be called without an instance from a static method
package bad;

import io.github.chainrule.Differentiable;

class CallInstanceMethod {
  double g(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x) {
    return 2 * g(x); // error here
  }
}
