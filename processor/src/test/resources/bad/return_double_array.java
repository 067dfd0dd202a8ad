// expect: CR322 returning an array is not supported yet: return a double, or write the results into an array parameter's copy
// expect-column-at: []
package bad;

import io.github.chainrule.Differentiable;

class ReturnDoubleArray {
  @Differentiable
  static double[] f(double x) { // error here
    return new double[] {x, x * x};
  }
}
