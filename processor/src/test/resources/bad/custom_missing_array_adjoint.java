// expect: CR123 'normPullback' does not have the signature of a custom pullback of CustomMissingArrayAdjoint.norm(double[], double[][]); expected: static double normPullback(double[] v, double[][] m, double seed, double[] vAdj, double[][] mAdj)
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

// Every double array parameter has an adjoint array: the matrix's is missing.
class CustomMissingArrayAdjoint {
  static double norm(double[] v, double[][] m) {
    return v[0] * m[0][0] * v[0];
  }

  @DerivativeOf(method = "norm") // error here
  static double normPullback(double[] v, double[][] m, double seed, double[] vAdj) {
    vAdj[0] += 2 * seed * m[0][0] * v[0];
    return norm(v, m);
  }
}
