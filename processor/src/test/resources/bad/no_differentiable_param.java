// expect: CR111 @Differentiable method 'f' has no double or float parameter to differentiate with respect to
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class NoDifferentiableParam {
  @Differentiable
  static double f(int n, boolean b) { // error here
    return b ? n : -n;
  }
}
