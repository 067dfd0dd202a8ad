// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'TOTALS[0]' is not one
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

// A static final array is constant data: read-only.
class StaticArrayCompoundWrite {
  static final double[] TOTALS = new double[1];

  @Differentiable
  static double f(double x) {
    TOTALS[0] += x; // error here
    return x * x;
  }
}
