// expect: CR301 object creation (new) is not supported inside @Differentiable methods; compute with primitive values
// expect-column-at: new Object
package bad;

import io.github.chainrule.Differentiable;

class NewObject {
  @Differentiable
  static double f(double x) {
    double y = x;
    if (new Object() != null) { y = 2 * x; } // error here
    return y;
  }
}
