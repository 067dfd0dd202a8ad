// expect: CR121 wrt names 'x', which is marked @NoDerivative: remove it from wrt or drop the annotation
// expect-column-at: "x"}
package bad;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoDerivative;

// Reported at the name in the annotation: the two say opposite things.
class WrtNoDerivative {
  @Differentiable(wrt = {"y", "x"}) // error here
  static double f(@NoDerivative double x, double y) {
    return x * y;
  }
}
