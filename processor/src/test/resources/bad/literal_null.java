// expect: CR324 null is supported only as the argument of a call for an array parameter (no array: f(x, null)); here 'isNull' has no array parameter in its place
// expect-column-at: null)
package bad;

import io.github.chainrule.Differentiable;

class LiteralNull {
  @Differentiable
  static double f(double x) {
    return java.util.Objects.isNull(null) ? x : 2 * x; // error here
  }
}
