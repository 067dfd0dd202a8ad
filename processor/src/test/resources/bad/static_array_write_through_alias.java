// expect: CR309 only local variables can be assigned inside @Differentiable methods
// expect-column-at: [0] = x
package bad;

import io.github.chainrule.Differentiable;

// A local that refers to a static final array writes into the constant data as TABLE[0] = x
// would (CR309). Accepted: the generated code writes into TABLE and loses the derivative
// through the element (f = x * x, dX comes out as x).
class StaticArrayWriteThroughAlias {
  static final double[] TABLE = {1, 2};

  @Differentiable
  static double f(double x) {
    double[] t = TABLE;
    t[0] = x; // error here
    return t[0] * x;
  }
}
