// expect: CR320 this writes into the array 'counts', which is (or may be) a parameter
// expect-column-at: [0]
package bad;

import io.github.chainrule.Differentiable;

// An int[] parameter is constant data, but still the caller's array.
class ParamConstantArrayIncrement {
  @Differentiable
  static double f(double x, int[] counts) {
    counts[0]++; // error here
    return x * counts[0];
  }
}
