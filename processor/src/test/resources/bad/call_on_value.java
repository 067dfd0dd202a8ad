// expect: CR301 a method call on a value is not supported inside @Differentiable methods; only static methods can be called
// expect-column-at: "abc"
package bad;

import io.github.chainrule.Differentiable;

class CallOnValue {
  @Differentiable
  static double f(double x) {
    return x * "abc".length(); // error here
  }
}
