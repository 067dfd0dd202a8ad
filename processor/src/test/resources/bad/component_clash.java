// expect: CR112 parameters 'x' and 'X' both give the gradient component 'dX'; rename one
// expect-column-at: X)
package bad;

import io.github.chainrule.Differentiable;

// Reported at the second parameter, the one to rename.
class ComponentClash {
  @Differentiable
  static double f(double x, double X) { // error here
    return x * X;
  }
}
