// expect: CR312 argument 2 of 'CallExcludedByWrt.g' depends on a differentiable parameter, but 'CallExcludedByWrt.g' is not differentiable with respect to parameter 'b'
// expect-column-at: (1.0, x)
package bad;

import io.github.chainrule.Differentiable;

class CallExcludedByWrt {
  @Differentiable(wrt = "a")
  static double g(double a, double b) {
    return a * b;
  }

  @Differentiable
  static double f(double x) {
    return g(1.0, x); // error here
  }
}
