// expect: CR320 this writes into the array 'r', which is (or may be) a parameter
// expect-column-at: [1]
package bad;

import io.github.chainrule.Differentiable;

// A row of a matrix parameter is the caller's array too.
class ParamArrayWriteRowAlias {
  @Differentiable
  static double f(double x, double[][] m) {
    double[] r = m[0];
    r[1] = 2; // error here
    return r[0] * x + r[1];
  }
}
