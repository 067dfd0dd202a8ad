// expect: CR301 a call with type arguments is not supported inside @Differentiable methods
// expect-column-at: (x)
package bad;

import io.github.chainrule.Differentiable;

class CallWithTypeArguments {
  @Differentiable
  static double g(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x) {
    return CallWithTypeArguments.<String>g(x); // error here
  }
}
