// expect: CR311 'CallNotDifferentiableInDoWhile.sq' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (s)
package bad;

import io.github.chainrule.Differentiable;

class CallNotDifferentiableInDoWhile {
  static double sq(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x, int n) {
    double s = x;
    int k = 0;
    do {
      s = s + sq(s); // error here
      k++;
    } while (k < n);
    return s;
  }
}
