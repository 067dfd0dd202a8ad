// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'TABLE[i][j]' is not one
// expect-column-at: [j] = TABLE
package bad;

import io.github.chainrule.Differentiable;

class StaticMatrixWriteInLoop {
  static final double[][] TABLE = {{1, 2}, {3, 4}};

  @Differentiable
  static double f(double x) {
    double y = 0;
    for (int i = 0; i < TABLE.length; i++) {
      for (int j = 0; j < TABLE[i].length; j++) {
        TABLE[i][j] = TABLE[i][j] * x; // error here
        y = y + TABLE[i][j];
      }
    }
    return y;
  }
}
