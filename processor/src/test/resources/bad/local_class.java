// expect: CR202 a local class is not supported inside @Differentiable methods
// expect-column-at: class Helper
package bad;

import io.github.chainrule.Differentiable;

class LocalClass {
  @Differentiable
  static double f(double x) {
    class Helper { } // error here
    return 2 * x;
  }
}
