// expect-javac: incompatible types: possible lossy conversion from long to int
// expect-column-at: i]
// javac-invalid: a long index needs a cast to int
package bad;

import io.github.chainrule.Differentiable;

class ArrayIndexLong {
  @Differentiable
  static double f(double x, double[] w) {
    double y = 0;
    for (long i = 0; i < w.length; i++) {
      y = y + w[i] * x; // error here
    }
    return y;
  }
}
