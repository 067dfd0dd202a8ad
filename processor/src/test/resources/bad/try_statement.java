// expect: CR202 a try statement is not supported inside @Differentiable methods
// expect-column-at: try {
package bad;

import io.github.chainrule.Differentiable;

class TryStatement {
  @Differentiable
  static double f(double x) {
    double y = x;
    try { y = Math.log(x); } finally { y = y + 1; } // error here
    return y;
  }
}
