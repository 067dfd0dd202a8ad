// expect: CR320 this writes into the array 'w', which is (or may be) a parameter
// expect-column-at: [i] *=
// expect: CR302 String literals are not supported inside @Differentiable methods
// expect-column-at: "3"
package bad;

import io.github.chainrule.Differentiable;

// Both errors in one build: the reader goes on after the first, out of a loop too.
class TwoErrorsOneMethod {
  @Differentiable
  static double f(double x, double[] w) {
    double y = x;
    for (int i = 0; i < w.length; i++) { w[i] *= x; y = y + w[i]; } // error here
    y = y + Double.parseDouble("3"); // error here
    return y;
  }
}
