// expect: CR128 custom derivative 'sqPullback' must be a static, non-private method
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

class CustomInstanceMethod {
  static double sq(double x) {
    return x * x;
  }

  @DerivativeOf(method = "sq") // error here
  double sqPullback(double x, double seed, double[] adj, int at) {
    adj[at] += 2 * seed * x;
    return sq(x);
  }
}
