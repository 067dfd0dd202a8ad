// expect: CR308 operator | is not supported inside @Differentiable methods on int
// expect-column-at: |
package bad;

import io.github.chainrule.Differentiable;

class BitwiseOr {
  @Differentiable
  static double f(double x, int n) {
    return (n | 4) * x; // error here
  }
}
