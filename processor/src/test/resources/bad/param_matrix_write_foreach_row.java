// expect: CR320 this writes into the array 'row', which is (or may be) a parameter
// expect-column-at: [0] = 0
package bad;

import io.github.chainrule.Differentiable;

// The variable of a for-each over a matrix parameter is one of the caller's rows.
class ParamMatrixWriteForeachRow {
  @Differentiable
  static double f(double x, double[][] m) {
    double y = 0;
    for (double[] row : m) {
      y = y + row[0] * x;
      row[0] = 0; // error here
    }
    return y;
  }
}
