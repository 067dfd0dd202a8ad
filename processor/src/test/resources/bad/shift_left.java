// expect: CR308 operator << is not supported inside @Differentiable methods; bitwise and shift operators have no derivative
// expect-column-at: <<
package bad;

import io.github.chainrule.Differentiable;

class ShiftLeft {
  @Differentiable
  static double f(double x, int n) {
    return (n << 2) * x; // error here
  }
}
