// expect: CR312 argument 2 of 'CallExcludedArrayArgument.weighted' depends on a differentiable parameter, but 'CallExcludedArrayArgument.weighted' is not differentiable with respect to parameter 'w' (excluded by wrt
// expect-column-at: (x, a)
package bad;

import io.github.chainrule.Differentiable;

// An active array passed where wrt leaves the array parameter out: its derivative would be lost.
class CallExcludedArrayArgument {
  @Differentiable(wrt = {"x"})
  static double weighted(double x, double[] w) {
    double s = 0;
    for (double v : w) {
      s += v * x;
    }
    return s;
  }

  @Differentiable
  static double f(double x) {
    double[] a = {x, 2 * x};
    return weighted(x, a); // error here
  }
}
