// expect: CR103 @Differentiable method 'g' is private: the generated class CallPrivateDifferentiable_Grad cannot call it
// expect-column-at: g(
// expect: CR313 'g' is private: the generated class CallPrivateDifferentiable_Grad cannot call it; make it package-private or wider
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

class CallPrivateDifferentiable {
  @Differentiable
  private static double g(double a) { // error here
    return a * a;
  }

  @Differentiable
  static double f(double x) {
    return 3 * g(x); // error here
  }
}
