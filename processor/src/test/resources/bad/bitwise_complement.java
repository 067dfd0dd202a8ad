// expect: CR308 operator ~ is not supported inside @Differentiable methods; bitwise and shift operators have no derivative
// expect-column-at: ~n
package bad;

import io.github.chainrule.Differentiable;

class BitwiseComplement {
  @Differentiable
  static double f(double x, int n) {
    return ~n * x; // error here
  }
}
