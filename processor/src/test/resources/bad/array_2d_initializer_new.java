// expect: CR321 this array initializer is not supported
// expect-column-at: new
package bad;

import io.github.chainrule.Differentiable;

class Array2dInitializerNew {
  @Differentiable
  static double f(double x) {
    var m = new double[][] {{x, 1}, {1, x}}; // error here
    return x * x;
  }
}
