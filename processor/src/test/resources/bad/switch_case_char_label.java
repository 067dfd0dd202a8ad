// expect: CR302 char literals are not supported
// expect-column-at: 'a'
package bad;

import io.github.chainrule.Differentiable;

class SwitchCaseCharLabel {
  @Differentiable
  static double f(double x, int n) {
    double y = x;
    switch (n) { case 'a' -> y = 2 * x; default -> y = 3 * x; } // error here
    return y;
  }
}
