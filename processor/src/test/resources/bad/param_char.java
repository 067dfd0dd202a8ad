// expect: CR108 parameter 'c' has type char
// expect-column-at: char
package bad;

import io.github.chainrule.Differentiable;

class ParamChar {
  @Differentiable
  static double f(double x, char c) { // error here
    return x * x;
  }
}
