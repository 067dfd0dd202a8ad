// expect: CR316 'h' takes or returns java.lang.Double, which is not supported inside @Differentiable methods
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

class CallBoxedParameter {
  static double h(Double a) {
    return a;
  }

  @Differentiable
  static double f(double x) {
    return h(x); // error here
  }
}
