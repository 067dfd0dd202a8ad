// expect: CR320 this writes into the array 'a', which is (or may be) a parameter
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

// Either branch of ?: may be the caller's array.
class ParamArrayWriteConditionalAlias {
  @Differentiable
  static double f(double x, double[] v, double[] w) {
    double[] a = x > 0 ? v : w;
    a[0] = x * x; // error here
    return a[0] + a[1];
  }
}
