// expect: CR320 this writes into the array 'a', which is (or may be) a parameter
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

// A local assigned from a parameter is the same array, not a copy.
class ParamArrayWriteLocalAlias {
  @Differentiable
  static double f(double x, double[] w) {
    double[] a = w;
    a[0] = x; // error here
    return a[0] * w[1];
  }
}
