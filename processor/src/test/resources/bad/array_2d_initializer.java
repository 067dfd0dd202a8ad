// expect: CR321 a matrix initializer whose rows differ in length is not supported
// expect-column-at: {1, x}
package bad;

import io.github.chainrule.Differentiable;

class Array2dInitializer {
  @Differentiable
  static double f(double x) {
    double[][] m = {{x}, {1, x}}; // error here
    return m[0][0] * m[1][1];
  }
}
