// expect: CR202 a synchronized block is not supported inside @Differentiable methods
// expect-column-at: synchronized (
package bad;

import io.github.chainrule.Differentiable;

class SynchronizedBlock {
  @Differentiable
  static double f(double x) {
    double y = x;
    synchronized (SynchronizedBlock.class) { y = 2 * x; } // error here
    return y;
  }
}
