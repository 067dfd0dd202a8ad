// expect: CR301 a method call on a value is not supported inside @Differentiable methods; only static methods and array clone() can be called (Math.sin(x), Other.f(x), a.clone())
// expect-column-at: v.equals
package bad;

import io.github.chainrule.Differentiable;

// clone() is the only method of an array that can be called.
class CallOnArrayValue {
  @Differentiable
  static double f(double x, double[] v, double[] w) {
    if (v.equals(w)) { // error here
      return x;
    }
    return v[0] * x;
  }
}
