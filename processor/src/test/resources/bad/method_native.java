// expect: CR102 @Differentiable method 'f' has no body to differentiate (abstract or native)
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class MethodNative {
  @Differentiable
  static native double f(double x); // error here
}
