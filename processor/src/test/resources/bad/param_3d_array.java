// expect: CR108 parameter 'cube' has type double[][][]: supported parameter types are
// expect-column-at: [][][] cube
package bad;

import io.github.chainrule.Differentiable;

class Param3dArray {
  @Differentiable
  static double f(double x, double[][][] cube) { // error here
    return x * cube[0][0][0];
  }
}
