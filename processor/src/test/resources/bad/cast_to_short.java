// expect: CR318 cast to short is not supported; cast only to double, float, int or long
// expect-column-at: short
package bad;

import io.github.chainrule.Differentiable;

class CastToShort {
  @Differentiable
  static double f(double x, int n) {
    return (short) n * x; // error here
  }
}
