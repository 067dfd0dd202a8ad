// expect: CR104 @Differentiable method 'f' is declared inside the private class bad.MethodInNestedClass.Inner: the generated class MethodInNestedClass_Grad cannot call it
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

class MethodInNestedClass {
  private static class Inner {
    @Differentiable
    static double f(double x) { // error here
      return x * x;
    }
  }
}
