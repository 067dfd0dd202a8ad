// expect: CR108 parameter 'xs' has type java.lang.Double[]: supported parameter types are
// expect-column-at: []
package bad;

import io.github.chainrule.Differentiable;

// double[] is supported; an array of boxes is not.
class ParamBoxedDoubleArray {
  @Differentiable
  static double f(Double[] xs) { // error here
    return xs[0] * xs[1];
  }
}
