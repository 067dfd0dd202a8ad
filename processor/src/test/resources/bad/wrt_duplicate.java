// expect: CR114 wrt names 'x' twice
// expect-column-at: "x"}
package bad;

import io.github.chainrule.Differentiable;

// Reported at the repeated name in the annotation, like an unknown name (CR109).
class WrtDuplicate {
  @Differentiable(wrt = {"x", "y", "x"}) // error here
  static double f(double x, double y) {
    return x * y;
  }
}
