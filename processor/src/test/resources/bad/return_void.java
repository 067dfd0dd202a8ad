// expect: CR107 @Differentiable method 'f' returns void: only double and float results are supported
// expect-column-at: void
package bad;

import io.github.chainrule.Differentiable;

class ReturnVoid {
  @Differentiable
  static void f(double x) { // error here
    double y = x * x;
  }
}
