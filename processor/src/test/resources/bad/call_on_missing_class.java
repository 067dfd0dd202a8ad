// expect-javac: cannot find symbol
// expect-column-at: Helper
// javac-invalid: there is no class Helper; javac says so, not the processor
package bad;

import io.github.chainrule.Differentiable;

class CallOnMissingClass {
  @Differentiable
  static double f(double x) {
    return Helper.square(x); // error here
  }
}
