// expect-javac: incompatible types: double cannot be converted to boolean
// expect-column-at: x;
// javac-invalid: a double is no boolean; javac says so once, without follow-on errors of the processor
package bad;

import io.github.chainrule.Differentiable;

class BooleanFromDouble {
  @Differentiable
  static double f(double x) {
    boolean b = x; // error here
    return b ? x : 0;
  }
}
