// expect: CR202 a local class is not supported inside @Differentiable methods
// expect-column-at: record Pair
package bad;

import io.github.chainrule.Differentiable;

class LocalRecord {
  @Differentiable
  static double f(double x) {
    record Pair(double a, double b) { } // error here
    return 2 * x;
  }
}
