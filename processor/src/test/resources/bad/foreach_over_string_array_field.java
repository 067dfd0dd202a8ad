// expect: CR306 field 'bad.ForeachOverStringArrayField.NAMES' has type java.lang.String[]
// expect-column-at: NAMES)
package bad;

import io.github.chainrule.Differentiable;

class ForeachOverStringArrayField {
  static final String[] NAMES = {"a", "b"};

  @Differentiable
  static double f(double x) {
    double y = x;
    for (String name : NAMES) { // error here
      y = y * x;
    }
    return y;
  }
}
