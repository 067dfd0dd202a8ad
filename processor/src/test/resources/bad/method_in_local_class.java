// expect: CR118 @Differentiable method 'g' is declared in a local class: methods of local and anonymous classes are never processed; move it to a top-level class
// expect-column-at: g(
// javac never lists annotations of local classes, so the processor runs only where another
// @Differentiable method (here: top) is present in the compilation.
package bad;

import io.github.chainrule.Differentiable;

class MethodInLocalClass {
  @Differentiable
  static double top(double x) {
    return x * x;
  }

  static double f(double x) {
    class Local {
      @Differentiable
      static double g(double y) { // error here
        return y * y;
      }
    }
    return Local.g(x);
  }
}
