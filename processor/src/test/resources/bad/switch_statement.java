// expect: CR202 a switch statement is not supported inside @Differentiable methods
// expect-column-at: switch (
package bad;

import io.github.chainrule.Differentiable;

class SwitchStatement {
  @Differentiable
  static double f(double x, int n) {
    double y = x;
    switch (n) { case 1: y = 2 * x; break; default: y = 3 * x; } // error here
    return y;
  }
}
