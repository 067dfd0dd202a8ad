// expect-javac: variable y might not have been initialized
// expect-column-at: y * x
// javac-invalid: y is not definitely assigned; javac's flow analysis says so, not the processor
package bad;

import io.github.chainrule.Differentiable;

class LocalMaybeUnassigned {
  @Differentiable
  static double f(double x) {
    double y;
    if (x > 0) {
      y = x;
    }
    return y * x; // error here
  }
}
