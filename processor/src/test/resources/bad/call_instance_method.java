// expect-javac: non-static method g(double) cannot be referenced from a static context
// expect-column-at: g(x)
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
