// expect: CR307 operator == cannot be applied to double[] and double[]
// expect-column-at: ==
package bad;

import io.github.chainrule.Differentiable;

// Reference equality of arrays is not a number to differentiate.
class ArrayCompareEqual {
  @Differentiable
  static double f(double x, double[] v, double[] w) {
    if (v == w) { // error here
      return x;
    }
    return v[0] * w[0] * x;
  }
}
