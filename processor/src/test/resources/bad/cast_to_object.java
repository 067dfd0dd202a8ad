// expect: CR318 cast to Object is not supported; cast only to double, float, int or long
// expect-column-at: Object
package bad;

import io.github.chainrule.Differentiable;

class CastToObject {
  @Differentiable
  static double f(double x) {
    return (double) (Object) x; // error here
  }
}
