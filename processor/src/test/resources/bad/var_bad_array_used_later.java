// expect: CR321 a matrix initializer whose rows differ in length is not supported
// expect-column-at: {1}
package bad;

import io.github.chainrule.Differentiable;

// One error for the initializer, none for the uses of m. Reported now after it: "operator []
// cannot be applied to double" (CR307), because m is taken to be a double after the error
// (MethodReader.local declares a var whose initializer failed as double).
class VarBadArrayUsedLater {
  @Differentiable
  static double f(double x) {
    var m = new double[][] {{x, 1}, {1}}; // error here
    return m[0][0] * m[1][1] + m.length;
  }
}
