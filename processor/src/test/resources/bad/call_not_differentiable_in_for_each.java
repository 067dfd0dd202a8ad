// expect: CR311 'CallNotDifferentiableInForEach.sq' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (x + v)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInForEach {
  static double sq(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = 0;
    double[] vs = {1, 2, 3};
    for (double v : vs) {
      s += sq(x + v); // error here
    }
    return s + n;
  }
}
