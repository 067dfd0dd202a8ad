// expect: CR311 'CallNotDifferentiableNewArray.sum' has no derivative: it is not @Differentiable, and its argument 1 depends on a differentiable parameter
// expect-column-at: (new
package bad;

import io.github.chainrule.Differentiable;

// An array built from x is active: passing it to a helper without a derivative loses the
// derivative, as a scalar argument would.
class CallNotDifferentiableNewArray {
  static double sum(double[] a) {
    return a[0] + a[1];
  }

  @Differentiable
  static double f(double x) {
    return sum(new double[] {x, 2 * x}); // error here
  }
}
