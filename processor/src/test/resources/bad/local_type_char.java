// expect: CR203 local variable 'c' has type char
// expect-column-at: char c
package bad;

import io.github.chainrule.Differentiable;

class LocalTypeChar {
  @Differentiable
  static double f(double x, int n) {
    char c = (char) n; // error here
    return x * x;
  }
}
