// expect: CR104 @Differentiable method 'f' is declared in the nested class bad.MethodInNestedClass.Inner
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class MethodInNestedClass {
  static class Inner {
    @Differentiable
    static double f(double x) { // error here
      return x * x;
    }
  }
}
