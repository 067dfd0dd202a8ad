// expect: CR301 a method reference is not supported inside @Differentiable methods; call a static @Differentiable method instead
// expect-column-at: Math::sin
package bad;

import io.github.chainrule.Differentiable;
import java.util.function.DoubleUnaryOperator;

class MethodReference {
  static double apply(DoubleUnaryOperator op, double v) {
    return op.applyAsDouble(v);
  }

  @Differentiable
  static double f(double x) {
    return apply(Math::sin, x); // error here
  }
}
