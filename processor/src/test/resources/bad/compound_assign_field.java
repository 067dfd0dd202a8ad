// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'total' is not one
// expect-column-at: total
package bad;

import io.github.chainrule.Differentiable;

class CompoundAssignField {
  static double total;

  @Differentiable
  static double f(double x) {
    double y = x * x;
    total += y; // error here
    return y;
  }
}
