// expect-javac: incompatible types: boolean cannot be converted to double
// expect-column-at: > 0
// javac-invalid: a boolean cannot be assigned to a double parameter
package bad;

import io.github.chainrule.Differentiable;

class AssignBooleanToDoubleParam {
  @Differentiable
  static double f(double x) {
    x = x > 0; // error here
    return x;
  }
}
