// expect: CR302 null literals are not supported inside @Differentiable methods
// expect-column-at: null)
package bad;

import io.github.chainrule.Differentiable;

class LiteralNull {
  @Differentiable
  static double f(double x) {
    return java.util.Objects.isNull(null) ? x : 2 * x; // error here
  }
}
