// expect: CR108 parameter 'names' has type java.lang.String[]: supported parameter types are
// expect-column-at: [] names
package bad;

import io.github.chainrule.Differentiable;

class ParamStringArray {
  @Differentiable
  static double f(double x, String[] names) { // error here
    return x * names.length;
  }
}
