// expect: CR122 @DerivativeOf names the method 'normcdf', but bad.CustomNoTarget has no static method of that name
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

class CustomNoTarget {
  static double normCdf(double x) {
    return 0.5 * (1 + Math.tanh(0.8 * x));
  }

  @DerivativeOf(method = "normcdf") // error here
  static double normCdfPullback(double x, double seed, double[] adj, int at) {
    adj[at] += seed * 0.4 / Math.pow(Math.cosh(0.8 * x), 2);
    return normCdf(x);
  }
}
