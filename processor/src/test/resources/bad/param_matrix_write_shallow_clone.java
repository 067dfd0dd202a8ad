// expect: CR320 this writes into the array 'm', which is (or may be) a parameter
// expect-column-at: [0] = x
package bad;

import io.github.chainrule.Differentiable;

// clone() of a matrix is shallow: c[0] is the caller's row m[0]. The IR-level check catches it
// but reports at the start of the statement; every other CR320 is at the element written, its [.
// (CR320's advice, "double[] copy = m.clone();", does not help for a matrix.)
class ParamMatrixWriteShallowClone {
  @Differentiable
  static double f(double x, double[][] m) {
    double[][] c = m.clone();
    c[0][0] = x; // error here
    return c[0][0] * m[0][1];
  }
}
