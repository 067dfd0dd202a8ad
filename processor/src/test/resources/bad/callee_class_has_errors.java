// expect: CR317 'g' gets no generated code because its class
// expect-column-at: (x)
// expect: CR301 an assignment to an array element inside a loop condition is not supported
// expect-column-at: = y[0] * 2
package bad;

import io.github.chainrule.Differentiable;

class CalleeClassHasErrors {
  @Differentiable
  static double f(double x) {
    return 2 * Broken.g(x); // error here
  }
}

class Broken {
  @Differentiable
  static double g(double a) {
    double[] y = {a};
    while ((y[0] = y[0] * 2) < 10) { a = a + 1; } // error here
    return y[0] * a;
  }
}
