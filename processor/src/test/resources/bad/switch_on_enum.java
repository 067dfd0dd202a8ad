// expect: CR108 parameter 'mode' has type bad.SwitchOnEnum.Mode
// expect-column-at: Mode mode
package bad;

import io.github.chainrule.Differentiable;

class SwitchOnEnum {
  enum Mode { A, B }

  @Differentiable
  static double f(double x, Mode mode) { // error here
    double y = x;
    switch (mode) { case A -> y = 2 * x; default -> y = 3 * x; }
    return y;
  }
}
