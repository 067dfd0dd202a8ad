// expect: CR322 returning an array is not supported yet
// expect-column-at: [] f(
// expect: CR108 parameter 'names' has type java.lang.String[]
// expect-column-at: [] names
package bad;

import io.github.chainrule.Differentiable;

// Two errors of the declaration, both reported.
class MixedReturnArrayAndStringParam {
  @Differentiable
  static double[] f(double x, String[] names) { // error here
    return new double[] {x, names.length};
  }
}
