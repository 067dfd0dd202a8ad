// expect: CR203 local variable 'name' has type String: supported local types are double, float, int, long, boolean
// expect-column-at: String
package bad;

import io.github.chainrule.Differentiable;

class LocalTypeString {
  @Differentiable
  static double f(double x) {
    String name = "x"; // error here
    return x * x;
  }
}
