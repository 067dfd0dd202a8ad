// expect: CR115 the generated record 'FGradient' of 'F' would clash with the one of 'f'; rename one of the methods
// expect-column-at: F(
package bad;

import io.github.chainrule.Differentiable;

class GeneratedRecordNameClash {
  @Differentiable
  static double f(double x) {
    return x * x;
  }

  @Differentiable
  static double F(double x) { // error here
    return 2 * x;
  }
}
