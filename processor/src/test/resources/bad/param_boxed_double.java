// expect: CR108 parameter 'x' has type java.lang.Double
// expect-column-at: Double
package bad;

import io.github.chainrule.Differentiable;

class ParamBoxedDouble {
  @Differentiable
  static double f(Double x) { // error here
    return x * x;
  }
}
