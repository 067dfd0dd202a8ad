// expect: CR106 @Differentiable method 'f' has a variable-arity parameter: use a fixed list of parameters
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

// double... is a double[], a supported parameter type: the only error is the variable arity.
class MethodVarargs {
  @Differentiable
  static double f(double x, double... more) { // error here
    return x * x;
  }
}
