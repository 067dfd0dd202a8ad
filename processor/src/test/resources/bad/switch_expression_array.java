// expect: CR301 a switch expression of an array type is not supported
// expect-column-at: p; case
package bad;

import io.github.chainrule.Differentiable;

class SwitchExpressionArray {
  @Differentiable
  static double f(double x, double[] p, double[] q, int n) {
    double[] a = switch (n) { case 0 -> p; case 1 -> q; default -> p; }; // error here
    return a[0] * x;
  }
}
