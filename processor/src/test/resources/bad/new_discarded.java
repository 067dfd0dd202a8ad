// expect: CR204 this expression statement has no effect on the result
// expect-column-at: new
package bad;

import io.github.chainrule.Differentiable;

class NewDiscarded {
  @Differentiable
  static double f(double x) {
    new Object(); // error here
    return x;
  }
}
