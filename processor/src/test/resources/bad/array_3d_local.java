// expect: CR203 local variable 'cube' has type double[][][]: supported local types are double, float, int, long, boolean, their arrays and two-dimensional arrays
// expect-column-at: [][][] cube
package bad;

import io.github.chainrule.Differentiable;

class Array3dLocal {
  @Differentiable
  static double f(double x) {
    double[][][] cube = new double[2][2][2]; // error here
    return x * x;
  }
}
