// expect: CR202 a label on a statement that is not a loop is not supported inside @Differentiable methods
// expect-column-at: step:
package bad;

import io.github.chainrule.Differentiable;

class LabelledBlockInLoop {
  @Differentiable
  static double f(double x) {
    double y = 1;
    for (int i = 0; i < 4; i++) {
      step: { if (i == 2) break step; y = y * x; } // error here
    }
    return y;
  }
}
