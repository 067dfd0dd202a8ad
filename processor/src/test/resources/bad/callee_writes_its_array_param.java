// expect: CR317 'normalize' gets no generated code because its class
// expect-column-at: (w)
// expect: CR320 this writes into the array 'v', which is (or may be) a parameter
// expect-column-at: [i] /=
package bad;

import io.github.chainrule.Differentiable;

// The callee writes into its own parameter: its error, and the caller cannot be differentiated.
class CalleeWritesItsArrayParam {
  @Differentiable
  static double f(double x, double[] w) {
    return x * Normalizer.normalize(w); // error here
  }
}

class Normalizer {
  @Differentiable
  static double normalize(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= s; // error here
    }
    return v[0];
  }
}
