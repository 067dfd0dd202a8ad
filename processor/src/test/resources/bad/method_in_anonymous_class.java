// expect: CR118 @Differentiable method 'applyAsDouble' is declared in an anonymous class: methods of local and anonymous classes are never processed; move it to a top-level class
// expect-column-at: applyAsDouble(
// javac never lists annotations of local classes, so the processor runs only where another
// @Differentiable method (here: top) is present in the compilation.
package bad;

import io.github.chainrule.Differentiable;
import java.util.function.DoubleUnaryOperator;

class MethodInAnonymousClass {
  @Differentiable
  static double top(double x) {
    return x * x;
  }

  static final DoubleUnaryOperator SQUARE =
      new DoubleUnaryOperator() {
        @Differentiable
        public double applyAsDouble(double y) { // error here
          return y * y;
        }
      };
}
