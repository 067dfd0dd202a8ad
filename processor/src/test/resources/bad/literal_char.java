// expect: CR302 char literals are not supported inside @Differentiable methods
// expect-column-at: 'a'
package bad;

import io.github.chainrule.Differentiable;

class LiteralChar {
  @Differentiable
  static double f(double x) {
    return x * 'a'; // error here
  }
}
