// expect: CR109 wrt names 'y', which is not a parameter of 'f'; the parameters are: x, n
// expect-column-at: "y"
package bad;

import io.github.chainrule.Differentiable;

class WrtUnknownName {
  @Differentiable(wrt = "y") // error here
  static double f(double x, int n) {
    return x * n;
  }
}
