// expect-javac: missing return value
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
