// expect: CR321 this array creation is not supported
// expect-column-at: new
package bad;

import io.github.chainrule.Differentiable;

// With var, the declared type says nothing: the creation itself is at fault.
class Array3dVarNew {
  @Differentiable
  static double f(double x) {
    var cube = new double[2][2][2]; // error here
    return x * x;
  }
}
