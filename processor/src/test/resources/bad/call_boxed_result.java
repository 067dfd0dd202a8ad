// expect: CR316 'h' takes or returns java.lang.Double, which is not supported inside @Differentiable methods
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

class CallBoxedResult {
  static Double h(double a) {
    return a;
  }

  @Differentiable
  static double f(double x) {
    return h(x); // error here
  }
}
