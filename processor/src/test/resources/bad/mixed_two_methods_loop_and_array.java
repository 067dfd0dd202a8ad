// expect: CR301 an assignment to an array element inside a loop condition is not supported
// expect-column-at: = c[0] + 1
// expect: CR321 a matrix initializer whose rows differ in length
// expect-column-at: {0, x}
package bad;

import io.github.chainrule.Differentiable;

// One error in each of two methods of a class: both reported, no code for the class.
class MixedTwoMethodsLoopAndArray {
  @Differentiable
  static double power(double x, int n) {
    double y = 1;
    int[] c = {0};
    while ((c[0] = c[0] + 1) <= n) { y = y * x; } // error here
    return y;
  }

  @Differentiable
  static double trace(double x) {
    double[][] m = {{x}, {0, x}}; // error here
    double t = 0;
    for (int k = 0; k < 2; k++) {
      t = t + m[k][k];
    }
    return t;
  }
}
