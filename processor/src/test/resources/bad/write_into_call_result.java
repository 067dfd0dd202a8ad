// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'buffer()[0]' is not one
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

// The array a call returns is not a local of the method.
class WriteIntoCallResult {
  static final double[] SHARED = new double[2];

  static double[] buffer() {
    return SHARED;
  }

  @Differentiable
  static double f(double x) {
    buffer()[0] = x; // error here
    return x * x;
  }
}
