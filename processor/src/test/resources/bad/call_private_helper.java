// expect: CR313 'h' is private: the generated class CallPrivateHelper_Grad cannot call it
// expect-column-at: (n)
package bad;

import io.github.chainrule.Differentiable;

class CallPrivateHelper {
  private static double h(int n) {
    return n * 0.5;
  }

  @Differentiable
  static double f(double x, int n) {
    return h(n) * x; // error here
  }
}
