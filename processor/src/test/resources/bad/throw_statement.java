// expect: CR202 throw is not supported inside @Differentiable methods
// expect-column-at: throw new
package bad;

import io.github.chainrule.Differentiable;

class ThrowStatement {
  @Differentiable
  static double f(double x) {
    if (x < 0) {
      throw new IllegalArgumentException("negative"); // error here
    }
    return Math.sqrt(x);
  }
}
