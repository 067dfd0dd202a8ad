// expect: CR308 operator |= is not supported inside @Differentiable methods
// expect-column-at: |=
package bad;

import io.github.chainrule.Differentiable;

class CompoundOrAssignInExpression {
  @Differentiable
  static double f(double x, int n) {
    int m = n;
    int k = (m |= 1) + 1; // error here
    return k * x;
  }
}
