// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'LOG[0]' is not one
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

class AssignArrayElement {
  static final double[] LOG = new double[1];

  @Differentiable
  static double f(double x) {
    LOG[0] = x; // error here
    return x * x;
  }
}
