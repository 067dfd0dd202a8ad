// expect: CR103 @Differentiable method 'f' is private: the generated class MethodPrivate_Grad cannot call it
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class MethodPrivate {
  @Differentiable
  private static double f(double x) { // error here
    return x * x;
  }
}
