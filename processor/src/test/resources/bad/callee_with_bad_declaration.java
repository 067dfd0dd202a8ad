// expect: CR317 'g' gets no generated code because its class
// expect-column-at: (x)
// expect: CR107 @Differentiable method 'g' returns int
// expect-column-at: int
package bad;

import io.github.chainrule.Differentiable;

class CalleeWithBadDeclaration {
  @Differentiable
  static double f(double x) {
    return x * BadDeclaration.g(x); // error here
  }
}

class BadDeclaration {
  @Differentiable
  static int g(double a) { // error here
    return (int) a;
  }
}
