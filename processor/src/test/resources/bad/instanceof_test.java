// expect: CR301 instanceof is not supported inside @Differentiable methods
// expect-column-at: instanceof
package bad;

import io.github.chainrule.Differentiable;

class InstanceofTest {
  @Differentiable
  static double f(double x) {
    boolean boxed = Double.valueOf(x) instanceof Double; // error here
    return boxed ? x : -x;
  }
}
