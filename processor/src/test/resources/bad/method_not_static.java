// expect: CR101 @Differentiable method 'f' must be static: instance methods are not supported yet
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class MethodNotStatic {
  @Differentiable
  double f(double x) { // error here
    return x * x;
  }
}
