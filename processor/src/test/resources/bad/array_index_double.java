// expect-javac: incompatible types: possible lossy conversion from double to int
// expect-column-at: half]
// javac-invalid: a double index needs a cast to int
package bad;

import io.github.chainrule.Differentiable;

class ArrayIndexDouble {
  @Differentiable
  static double f(double x, double[] w) {
    double half = w.length / 2.0;
    return w[half] * x; // error here
  }
}
