// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'AssignQualifiedField.last' is not one
// expect-column-at: .last
package bad;

import io.github.chainrule.Differentiable;

class AssignQualifiedField {
  static double last;

  @Differentiable
  static double f(double x) {
    AssignQualifiedField.last = x; // error here
    return x * x;
  }
}
