// expect: CR202 a label on a statement that is not a loop is not supported
// expect-column-at: sw:
package bad;

import io.github.chainrule.Differentiable;

class SwitchLabelled {
  @Differentiable
  static double f(double x, int n) {
    double y = x;
    sw: switch (n) { case 1: if (x > 0) break sw; y = 2 * x; break; default: y = 3 * x; } // error here
    return y;
  }
}
