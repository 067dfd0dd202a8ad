// expect: CR301 a method call on a value is not supported inside @Differentiable methods; only static methods and array clone() can be called
// expect-column-at: x.clone
// javac-invalid: a double has no methods
package bad;

import io.github.chainrule.Differentiable;

class CloneOfScalar {
  @Differentiable
  static double f(double x) {
    double y = x.clone(); // error here
    return y * y;
  }
}
