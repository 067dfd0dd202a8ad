// expect: CR308 operator & is not supported inside @Differentiable methods on int; bitwise operators have no derivative
// expect-column-at: & 1
package bad;

import io.github.chainrule.Differentiable;

class BitwiseAnd {
  @Differentiable
  static double f(double x, int n) {
    int odd = n & 1; // error here
    return odd * x;
  }
}
