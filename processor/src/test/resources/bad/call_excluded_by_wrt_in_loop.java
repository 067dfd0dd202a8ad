// expect: CR312 argument 2 of 'CallExcludedByWrtInLoop.g' depends on a differentiable parameter, but 'CallExcludedByWrtInLoop.g' is not differentiable with respect to parameter 'b'
// expect-column-at: (s, x)
package bad;

import io.github.chainrule.Differentiable;

class CallExcludedByWrtInLoop {
  @Differentiable(wrt = "a")
  static double g(double a, double b) {
    return a * b;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = 1;
    int i = 0;
    while (i < n) {
      s = g(s, x); // error here
      i++;
    }
    return s;
  }
}
