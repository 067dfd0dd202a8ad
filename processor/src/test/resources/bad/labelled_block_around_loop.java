// expect: CR202 a label on a statement that is not a loop is not supported inside @Differentiable methods
// expect-column-at: search:
package bad;

import io.github.chainrule.Differentiable;

// The label is on the block, not on the loop inside it: break search leaves the block.
class LabelledBlockAroundLoop {
  @Differentiable
  static double f(double x) {
    double y = x;
    search: { // error here
      for (int i = 0; i < 3; i++) {
        if (y > 10) {
          break search;
        }
        y = y * x;
      }
      y = 0;
    }
    return y;
  }
}
