// expect: CR311 'CallNotDifferentiableArrayLocal.norm' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (a)
package bad;

import io.github.chainrule.Differentiable;

// a holds values computed from x (and then from the parameter w): its elements are active.
class CallNotDifferentiableArrayLocal {
  static double norm(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  @Differentiable
  static double f(double x, double[] w) {
    double[] a = new double[w.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = w[i] * x;
    }
    return norm(a); // error here
  }
}
