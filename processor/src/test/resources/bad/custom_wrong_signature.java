// expect: CR123 'normCdfPullback' does not have the signature of a custom pullback of CustomWrongSignature.normCdf(double); expected: static double normCdfPullback(double x, double seed, double[] adj, int at)
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

// The adjoint is returned instead of added into adj[at]: not the pullback's form.
class CustomWrongSignature {
  static double normCdf(double x) {
    return 0.5 * (1 + Math.tanh(0.8 * x));
  }

  @DerivativeOf(method = "normCdf") // error here
  static double normCdfPullback(double x, double seed) {
    return seed * 0.4 / Math.pow(Math.cosh(0.8 * x), 2);
  }
}
