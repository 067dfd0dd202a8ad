// expect: CR301 a lambda expression is not supported inside @Differentiable methods; call a static @Differentiable method instead
// expect-column-at: a ->
package bad;

import io.github.chainrule.Differentiable;
import java.util.function.DoubleUnaryOperator;

class Lambda {
  static double apply(DoubleUnaryOperator op, double v) {
    return op.applyAsDouble(v);
  }

  @Differentiable
  static double f(double x) {
    return apply(a -> a * a, x); // error here
  }
}
