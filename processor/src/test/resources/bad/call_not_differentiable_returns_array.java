// expect: CR311 'CallNotDifferentiableReturnsArray.scaled' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (w, 2)
package bad;

import io.github.chainrule.Differentiable;

// A helper without a derivative that returns an array loses the derivative as one returning a
// double does: accepted, the generated gradient has dW = 0 (it should be 2 * x at index 0).
class CallNotDifferentiableReturnsArray {
  static double[] scaled(double[] a, double s) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] * s;
    }
    return r;
  }

  @Differentiable
  static double f(double x, double[] w) {
    double[] r = scaled(w, 2); // error here
    return r[0] * x;
  }
}
