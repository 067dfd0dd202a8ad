// expect: CR115 the generated method 'fTangent' of 'Other.f(double)' would clash with the one of 'f'
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;
import io.github.chainrule.Differentiable;

// The delegates of Other.f's custom derivative and the generated code of this class's own f share
// their names.
class CustomDelegateClash {
  @Differentiable
  static double f(double x) {
    return x * x;
  }

  @DerivativeOf(value = Other.class, method = "f") // error here
  static double fCustom(double x, double seed, double[] adj, int at) {
    adj[at] += seed * Math.cos(x);
    return Other.f(x);
  }
}

class Other {
  static double f(double x) {
    return Math.sin(x);
  }
}
