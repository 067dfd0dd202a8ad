// expect: CR305 field 'bad.FieldPrivateNotConstant.SCALE' is private and not a compile-time constant
// expect-column-at: SCALE
package bad;

import io.github.chainrule.Differentiable;

class FieldPrivateNotConstant {
  private static final double SCALE = Math.sqrt(2.0);

  @Differentiable
  static double f(double x) {
    return SCALE * x; // error here
  }
}
