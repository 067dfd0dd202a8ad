// expect: CR107 @Differentiable method 'f' returns int: only double and float results are supported
// expect-column-at: int
package bad;

import io.github.chainrule.Differentiable;

class ReturnInt {
  @Differentiable
  static int f(double x) { // error here
    return (int) (x * x);
  }
}
