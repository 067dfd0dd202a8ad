// expect: CR311 'SwitchContinueThenErrorInCase.h' has no derivative
// expect-column-at: (y)
package bad;

import io.github.chainrule.Differentiable;

class SwitchContinueThenErrorInCase {
  static double h(double v) {
    return v;
  }

  @Differentiable
  static double f(double x, int n) {
    double y = x;
    for (int i = 0; i < n; i++) {
      switch (i) {
        case 2:
          continue;
        default:
          y = h(y); // error here
      }
    }
    return y;
  }
}
