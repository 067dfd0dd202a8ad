// expect: CR204 this expression statement has no effect on the result
// expect-column-at: (x);
package bad;

import io.github.chainrule.Differentiable;

class CallDiscarded {
  @Differentiable
  static double f(double x) {
    Math.sin(x); // error here
    return x;
  }
}
