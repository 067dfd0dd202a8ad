// expect: CR307 operator * cannot be applied to double[] and double
// expect-column-at: *
// javac-invalid: arrays have no arithmetic in Java
package bad;

import io.github.chainrule.Differentiable;

class ArrayArithmetic {
  @Differentiable
  static double f(double x, double[] w) {
    double[] scaled = w * x; // error here
    return scaled[0];
  }
}
