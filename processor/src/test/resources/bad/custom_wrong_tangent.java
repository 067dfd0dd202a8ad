// expect: CR123 'scaleTangent' does not have the signature of a custom tangent of CustomWrongTangent.scale(double, int); expected: static double scaleTangent(double x, double xDot, int n)
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

// An int parameter has no tangent.
class CustomWrongTangent {
  static double scale(double x, int n) {
    return x * n;
  }

  @DerivativeOf(method = "scale")
  static double scalePullback(double x, int n, double seed, double[] adj, int at) {
    adj[at] += seed * n;
    return scale(x, n);
  }

  @DerivativeOf(method = "scale", mode = DerivativeOf.Mode.TANGENT) // error here
  static double scaleTangent(double x, double xDot, int n, int nDot) {
    return xDot * n;
  }
}
