// expect: CR306 field 'bad.FieldBoxedType.SCALE' has type java.lang.Double: only primitive numeric and boolean constants can be used
// expect-column-at: SCALE
package bad;

import io.github.chainrule.Differentiable;

class FieldBoxedType {
  static final Double SCALE = 2.0;

  @Differentiable
  static double f(double x) {
    return SCALE * x; // error here
  }
}
