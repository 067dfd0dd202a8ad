// expect: CR321 a matrix row that is not an initializer {a, b} is not supported
// expect-column-at: r }
package bad;

import io.github.chainrule.Differentiable;

class Array2dInitializerNew {
  @Differentiable
  static double f(double x) {
    double[] r = {x, 1};
    var m = new double[][] {{x, 1}, r }; // error here
    return x * x;
  }
}
