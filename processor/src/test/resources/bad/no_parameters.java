// expect: CR111 @Differentiable method 'f' has no double or float parameter to differentiate with respect to
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class NoParameters {
  @Differentiable
  static double f() { // error here
    return 1.5;
  }
}
