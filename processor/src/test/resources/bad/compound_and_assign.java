// expect: CR308 operator &= is not supported inside @Differentiable methods; bitwise and shift operators have no derivative
// expect-column-at: &=
package bad;

import io.github.chainrule.Differentiable;

// An assignment statement: it has an effect, so the error is about the operator (not CR204).
class CompoundAndAssign {
  @Differentiable
  static double f(double x, int n) {
    int m = n;
    m &= 6; // error here
    return m * x;
  }
}
