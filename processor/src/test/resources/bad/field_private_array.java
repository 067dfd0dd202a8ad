// expect: CR305 field 'bad.FieldPrivateArray.WEIGHTS' is private and not a compile-time constant: the generated class cannot read it
// expect-column-at: WEIGHTS[i]
package bad;

import io.github.chainrule.Differentiable;

// A static final array is never a compile-time constant: the generated class reads the field.
class FieldPrivateArray {
  private static final double[] WEIGHTS = {0.5, 1.5};

  @Differentiable
  static double f(double x) {
    double y = 0;
    for (int i = 0; i < 2; i++) {
      y = y + WEIGHTS[i] * x; // error here
    }
    return y;
  }
}
