// expect: CR321 this array initializer is not supported; use new double[n] or new double[n][m] with every dimension given, or an initializer of one dimension
// expect-column-at: {{
package bad;

import io.github.chainrule.Differentiable;

class Array2dInitializer {
  @Differentiable
  static double f(double x) {
    double[][] m = {{x, 1}, {1, x}}; // error here
    return m[0][0] * m[1][1];
  }
}
