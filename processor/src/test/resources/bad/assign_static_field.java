// expect: CR309 only local variables can be assigned inside @Differentiable methods; 'calls' is not one
// expect-column-at: calls
package bad;

import io.github.chainrule.Differentiable;

class AssignStaticField {
  static int calls;

  @Differentiable
  static double f(double x) {
    calls = 1; // error here
    return x * x;
  }
}
