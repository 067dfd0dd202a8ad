// expect: CR125 CustomDuplicate.sq(double) already has a custom pullback, 'sqPullback'; keep one
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

class CustomDuplicate {
  static double sq(double x) {
    return x * x;
  }

  @DerivativeOf(method = "sq")
  static double sqPullback(double x, double seed, double[] adj, int at) {
    adj[at] += 2 * seed * x;
    return sq(x);
  }

  @DerivativeOf(method = "sq") // error here
  static double sqPullbackAgain(double x, double seed, double[] adj, int at) {
    adj[at] += seed * (x + x);
    return sq(x);
  }
}
