// expect: CR321 this array creation is not supported
// expect-column-at: new
package bad;

import io.github.chainrule.Differentiable;

class ArrayNewBoxed {
  @Differentiable
  static double f(double x) {
    var boxes = new Double[2]; // error here
    return x * x;
  }
}
