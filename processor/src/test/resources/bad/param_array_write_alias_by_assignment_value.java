// expect: CR320 this writes into the array 'w', which is (or may be) a parameter
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

// The value of the assignment b = w is w, so a is w. The IR-level check catches it but reports
// at the start of the statement (column 5); every other CR320 is at the element written, its [.
class ParamArrayWriteAliasByAssignmentValue {
  @Differentiable
  static double f(double x, double[] w) {
    double[] b;
    double[] a = (b = w);
    a[0] = x; // error here
    return a[0] * b[1];
  }
}
