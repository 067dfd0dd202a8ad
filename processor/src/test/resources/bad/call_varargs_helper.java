// expect: CR316 'sum' takes or returns a variable number of arguments (double[]), which is not supported inside @Differentiable methods
// expect-column-at: (x, x)
package bad;

import io.github.chainrule.Differentiable;

// The method exists (it is variable-arity): "cannot resolve" would be misleading.
class CallVarargsHelper {
  static double sum(double... a) {
    return a[0] + a[1];
  }

  @Differentiable
  static double f(double x) {
    return sum(x, x); // error here
  }
}
