// expect: CR321 this array creation is not supported; use new double[n] or new double[n][m] with every dimension given
// expect-column-at: new
package bad;

import io.github.chainrule.Differentiable;

// Rows created later (jagged): every dimension must be given.
class ArrayNewRowUnspecified {
  @Differentiable
  static double f(double x, int n) {
    double[][] m = new double[n][]; // error here
    return x * m.length;
  }
}
