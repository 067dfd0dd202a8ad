// expect: CR304 field 'bad.FieldArrayNotFinal.WEIGHTS' is not static final
// expect-column-at: WEIGHTS)
package bad;

import io.github.chainrule.Differentiable;

class FieldArrayNotFinal {
  static double[] WEIGHTS = {0.5, 1.5};

  @Differentiable
  static double f(double x) {
    double y = 0;
    for (double w : WEIGHTS) { // error here
      y = y + w * x;
    }
    return y;
  }
}
