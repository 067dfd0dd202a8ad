// expect: CR303 cannot resolve 'Mode.A'
// expect-column-at: .A)
package bad;

import io.github.chainrule.Differentiable;

class SwitchOnEnumConstant {
  enum Mode { A, B }

  @Differentiable
  static double f(double x) {
    double y = x;
    switch (Mode.A) { case A -> y = 2 * x; default -> y = 3 * x; } // error here
    return y;
  }
}
