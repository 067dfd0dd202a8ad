// expect: CR101 @Differentiable method 'g' must be static
// expect-column-at: g(
// expect: CR308 operator << is not supported inside @Differentiable methods
// expect-column-at: <<
package bad;

import io.github.chainrule.Differentiable;

class TwoErrorsTwoMethods {
  @Differentiable
  double g(double a) { // error here
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    return (n << 1) * x; // error here
  }
}
