// expect: CR115 the generated record 'F_DGradient' of 'NestedSameName.Inner.f' would clash with the one of 'NestedSameName.f'
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

// Methods of nested classes are generated into the top-level class's NestedSameName_Grad: two of
// one name and parameter types there would share their generated names.
class NestedSameName {
  @Differentiable
  static double f(double x) {
    return x * x;
  }

  static class Inner {
    @Differentiable
    static double f(double x) { // error here
      return x * x * x;
    }
  }
}
