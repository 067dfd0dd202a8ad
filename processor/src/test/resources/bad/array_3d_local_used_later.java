// expect: CR203 local variable 'cube' has type double[][][]
// expect-column-at: [][][] cube
package bad;

import io.github.chainrule.Differentiable;

// One error for the declaration, none for its uses: the variable exists (javac says so), so
// "cannot resolve 'cube'" (CR303) and "'cube[0][0][0]' is not a local variable" (CR309) after
// it, both reported now, would mislead.
class Array3dLocalUsedLater {
  @Differentiable
  static double f(double x) {
    double[][][] cube = new double[2][2][2]; // error here
    cube[0][0][0] = x;
    return cube[0][0][0] * x;
  }
}
