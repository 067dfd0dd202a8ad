// expect-javac: bad operand types for binary operator '*'
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
