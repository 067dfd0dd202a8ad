// expect: CR317 'middle' gets no generated code because its class
// expect-column-at: (x)
// expect: CR317 'bottom' gets no generated code because its class
// expect-column-at: (a)
// expect: CR302 String literals are not supported inside @Differentiable methods
// expect-column-at: "1"
package bad;

import io.github.chainrule.Differentiable;

// Top calls Middle (no error of its own), which calls Bottom (an error): no class gets code.
class CalleeClassHasErrorsTransitive {
  @Differentiable
  static double top(double x) {
    return Middle.middle(x) + 1; // error here
  }
}

class Middle {
  @Differentiable
  static double middle(double a) {
    return Bottom.bottom(a) * a; // error here
  }
}

class Bottom {
  @Differentiable
  static double bottom(double b) {
    return b * Double.parseDouble("1"); // error here
  }
}
