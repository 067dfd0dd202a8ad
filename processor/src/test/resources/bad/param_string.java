// expect: CR108 parameter 'label' has type java.lang.String: supported parameter types are double and float, their arrays double[], double[][], float[], float[][] (differentiable), and int, long, boolean and their arrays (constants)
// expect-column-at: String
package bad;

import io.github.chainrule.Differentiable;

class ParamString {
  @Differentiable
  static double f(double x, String label) { // error here
    return x * x;
  }
}
