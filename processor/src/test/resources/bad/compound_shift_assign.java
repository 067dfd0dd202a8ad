// expect: CR308 operator <<= is not supported inside @Differentiable methods
// expect-column-at: <<=
package bad;

import io.github.chainrule.Differentiable;

class CompoundShiftAssign {
  @Differentiable
  static double f(double x, int n) {
    int m = n;
    m <<= 1; // error here
    return m * x;
  }
}
