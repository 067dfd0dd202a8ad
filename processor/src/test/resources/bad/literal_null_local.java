// expect: CR324 null is supported only as the argument of a call for an array parameter (no array: f(x, null)); here it stands elsewhere
// expect-column-at: null;
package bad;

import io.github.chainrule.Differentiable;

class LiteralNullLocal {
  @Differentiable
  static double f(double x) {
    double[] a = null; // error here
    return x;
  }
}
