// expect: CR323 assigning a whole row of a matrix (m[i] = row) is not supported
// expect-column-at: [0] = w
package bad;

import io.github.chainrule.Differentiable;

// Storing an array as a row of a matrix: here the parameter, which would make rows[0][0] = x
// write into the caller's w.
class MatrixRowAssignment {
  @Differentiable
  static double f(double x, double[] w) {
    double[][] rows = new double[2][2];
    rows[0] = w; // error here
    rows[0][0] = x;
    return w[0] * x;
  }
}
