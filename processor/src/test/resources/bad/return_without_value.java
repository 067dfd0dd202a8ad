// expect: CR202 return without a value is not supported inside @Differentiable methods
// expect-column-at: return;
// javac-invalid: a double method must return a value
package bad;

import io.github.chainrule.Differentiable;

class ReturnWithoutValue {
  @Differentiable
  static double f(double x) {
    if (x < 0) {
      return; // error here
    }
    return x;
  }
}
