// expect: CR320 this writes into the array
// expect-column-at: [0] = x
package bad;

import io.github.chainrule.Differentiable;

// A for-each over either of two matrix parameters: its variable is a caller's row whichever is
// chosen (the message may name m or n). The IR-level check catches it but reports at the start
// of the statement; every other CR320 is at the element written, its [.
class ParamMatrixWriteForeachConditional {
  @Differentiable
  static double f(double x, double[][] m, double[][] n) {
    double y = 0;
    for (double[] row : x > 0 ? m : n) {
      row[0] = x; // error here
      y = y + row[1];
    }
    return y;
  }
}
