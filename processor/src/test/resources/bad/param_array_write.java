// expect: CR320 this writes into the array 'w', which is (or may be) a parameter: the generated code never changes the caller's arrays; write into a copy instead (w.clone() for a double[]; for a double[][], clone each row: a matrix's clone() shares its rows)
// expect-column-at: [i] = 0
package bad;

import io.github.chainrule.Differentiable;

class ParamArrayWrite {
  @Differentiable
  static double f(double x, double[] w) {
    double y = 0;
    for (int i = 0; i < w.length; i++) {
      y = y + w[i] * x;
      w[i] = 0; // error here
    }
    return y;
  }
}
