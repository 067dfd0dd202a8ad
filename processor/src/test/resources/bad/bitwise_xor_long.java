// expect: CR308 operator ^ is not supported inside @Differentiable methods on long
// expect-column-at: ^
package bad;

import io.github.chainrule.Differentiable;

class BitwiseXorLong {
  @Differentiable
  static double f(double x, long n) {
    return (n ^ 3L) * x; // error here
  }
}
