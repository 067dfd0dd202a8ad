// expect: CR202 yield from inside a loop (assign a local in the loop, and yield it after) is not supported
// expect-column-at: yield s
package bad;

import io.github.chainrule.Differentiable;

class SwitchYieldInLoop {
  @Differentiable
  static double f(double x, int n) {
    double y = switch (n) {
      case 1 -> {
        double s = x;
        for (int i = 0; i < 10; i++) {
          s = s * x;
          if (s > 2) {
            yield s; // error here
          }
        }
        yield -s;
      }
      default -> x;
    };
    return y;
  }
}
