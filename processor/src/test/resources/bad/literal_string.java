// expect: CR302 String literals are not supported inside @Differentiable methods; use numeric and boolean values only
// expect-column-at: "2.5"
package bad;

import io.github.chainrule.Differentiable;

class LiteralString {
  @Differentiable
  static double f(double x) {
    return Double.parseDouble("2.5") * x; // error here
  }
}
