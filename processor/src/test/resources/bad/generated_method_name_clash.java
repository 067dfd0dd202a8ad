// expect: CR115 the generated method 'fTangent' of 'fTangent' would clash with the one of 'f'; rename one of the methods
// expect-column-at: fTangent(
package bad;

import io.github.chainrule.Differentiable;

class GeneratedMethodNameClash {
  @Differentiable
  static double f(double x) {
    return x * x;
  }

  @Differentiable
  static double fTangent(double x) { // error here
    return 2 * x;
  }
}
