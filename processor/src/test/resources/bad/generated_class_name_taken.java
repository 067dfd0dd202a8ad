// expect: CR116 Chainrule generates the class 'GeneratedClassNameTaken_Grad' for this class's @Differentiable methods, but bad.GeneratedClassNameTaken_Grad already exists; rename that class
// expect-column-at: class GeneratedClassNameTaken {
package bad;

import io.github.chainrule.Differentiable;

// The name of the class to generate is taken by a class of the user: a plain error that names
// it, not an internal error with javac's FilerException.
class GeneratedClassNameTaken { // error here
  @Differentiable
  static double f(double x) {
    return x * x;
  }
}

class GeneratedClassNameTaken_Grad {
}
