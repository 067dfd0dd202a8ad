// expect: CR110 wrt names 'n', which has type int: only double and float parameters are differentiable
// expect-column-at: "n"
package bad;

import io.github.chainrule.Differentiable;

// Like an unknown name (CR109), a wrong wrt name is reported at the name in the annotation.
class WrtIntParam {
  @Differentiable(wrt = {"x", "n"}) // error here
  static double f(double x, int n) {
    return x * n;
  }
}
