// expect-javac: cannot find symbol
// expect-column-at: scael
// javac-invalid: a typo; the processor reads bodies before javac attributes them
package bad;

import io.github.chainrule.Differentiable;

class UnknownName {
  static final double SCALE = 2.0;

  @Differentiable
  static double f(double x) {
    return scael * x; // error here
  }
}
