// expect: CR207 a switch on String is not supported
// expect-column-at: MODE)
package bad;

import io.github.chainrule.Differentiable;

class SwitchOnStringConstant {
  static final String MODE = "fast";

  @Differentiable
  static double f(double x) {
    double y = x;
    switch (MODE) { case "fast" -> y = 2 * x; default -> y = 3 * x; } // error here
    return y;
  }
}
