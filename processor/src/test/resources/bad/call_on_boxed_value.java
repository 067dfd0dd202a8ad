// expect: CR316 'valueOf' takes or returns java.lang.Double, which is not supported inside @Differentiable methods
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

// The receiver of doubleValue() is evaluated first: its boxed result is the first error.
class CallOnBoxedValue {
  @Differentiable
  static double f(double x) {
    return Double.valueOf(x).doubleValue(); // error here
  }
}
