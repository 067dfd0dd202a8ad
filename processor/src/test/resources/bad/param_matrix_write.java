// expect: CR320 this writes into the array 'm', which is (or may be) a parameter
// expect-column-at: [j] = 0
package bad;

import io.github.chainrule.Differentiable;

class ParamMatrixWrite {
  @Differentiable
  static double f(double x, double[][] m) {
    double y = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        y = y + m[i][j] * x;
        m[i][j] = 0; // error here
      }
    }
    return y;
  }
}
