// expect: CR316 'scale' takes or returns void, which is not supported inside @Differentiable methods
// expect-column-at: (a, 3)
package bad;

import io.github.chainrule.Differentiable;

// A void helper changes the array it is given: removing the call would change the result, so
// "this expression statement has no effect on the result; remove it" (CR204, reported now) is
// wrong advice. The call is the problem: a void method cannot be differentiated.
class CallVoidHelperOnArray {
  static void scale(double[] a, double s) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= s;
    }
  }

  @Differentiable
  static double f(double x) {
    double[] a = {x, 2 * x};
    scale(a, 3); // error here
    return a[0] + a[1];
  }
}
