// expect-javac: non-static variable scale cannot be referenced from a static context
// expect-column-at: scale
// javac-invalid: an instance field cannot be read in a static method, not even a final one
package bad;

import io.github.chainrule.Differentiable;

class FieldFinalNotStatic {
  final double scale = Math.sqrt(2.0);

  @Differentiable
  static double f(double x) {
    return scale * x; // error here
  }
}
