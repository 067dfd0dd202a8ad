// expect: CR202 assert is not supported inside @Differentiable methods
// expect-column-at: assert x
package bad;

import io.github.chainrule.Differentiable;

class AssertStatement {
  @Differentiable
  static double f(double x) {
    assert x > 0 : "positive"; // error here
    return Math.log(x);
  }
}
