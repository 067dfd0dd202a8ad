// expect: CR306 field 'bad.Field3dArray.CUBE' has type double[][][]: only primitive numeric and boolean constants can be used
// expect-column-at: CUBE
package bad;

import io.github.chainrule.Differentiable;

class Field3dArray {
  static final double[][][] CUBE = new double[2][2][2];

  @Differentiable
  static double f(double x) {
    return CUBE[0][1][1] * x; // error here
  }
}
