// expect: CR301 a method call on a value is not supported inside @Differentiable methods; only static methods can be called
// expect-column-at: new CallOnNewObject
package bad;

import io.github.chainrule.Differentiable;

class CallOnNewObject {
  double g(double a) {
    return a * a;
  }

  @Differentiable
  static double f(double x) {
    return new CallOnNewObject().g(x); // error here
  }
}
