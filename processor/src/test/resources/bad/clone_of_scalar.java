// expect-javac: double cannot be dereferenced
// expect-column-at: .clone
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
