// expect: CR105 @Differentiable method 'f' has type parameters: generic methods are not supported
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class MethodGeneric {
  @Differentiable
  static <T> double f(double x) { // error here
    return x * x;
  }
}
