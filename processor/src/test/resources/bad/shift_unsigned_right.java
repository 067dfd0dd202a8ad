// expect: CR308 operator >>> is not supported inside @Differentiable methods
// expect-column-at: >>>
package bad;

import io.github.chainrule.Differentiable;

class ShiftUnsignedRight {
  @Differentiable
  static double f(double x, int n) {
    int half = n >>> 1; // error here
    return half * x;
  }
}
