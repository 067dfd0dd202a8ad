// expect: CR304 field 'bad.FieldNotFinal.scale' is not static final: a @Differentiable method may only read constants; pass the value as a parameter
// expect-column-at: scale
package bad;

import io.github.chainrule.Differentiable;

class FieldNotFinal {
  static double scale = 2.0;

  @Differentiable
  static double f(double x) {
    return scale * x; // error here
  }
}
