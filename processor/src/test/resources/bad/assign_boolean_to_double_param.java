// expect: CR307 operator assignment to double cannot be applied to boolean
// expect-column-at: =
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
