// expect: CR101 @Differentiable method 'f' must be static
// expect-column-at: f(
// expect: CR102 @Differentiable method 'f' has no body to differentiate (abstract or native)
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

abstract class MethodAbstract {
  @Differentiable
  abstract double f(double x); // error here
}
