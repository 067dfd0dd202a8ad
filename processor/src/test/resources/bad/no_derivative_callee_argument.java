// expect: CR312 argument 1 of 'NoDerivativeCallee.scaled' depends on a differentiable parameter, but 'NoDerivativeCallee.scaled' is not differentiable with respect to parameter 'c'
// expect-column-at: (x, x)
package bad;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoDerivative;

// A @NoDerivative parameter of a callee takes no derivative: a varied argument there would lose
// it (before the fix, the caller's generated code passed it a tangent and did not compile).
class NoDerivativeCallee {
  @Differentiable
  static double scaled(@NoDerivative double c, double x) {
    return c * x * x;
  }

  @Differentiable
  static double f(double x) {
    return scaled(x, x); // error here
  }
}
