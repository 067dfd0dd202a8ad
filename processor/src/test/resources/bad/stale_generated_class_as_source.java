// expect: CR117 the generated class 'bad.StaleGenerated_Grad' is among this build's sources
// expect-column-at: class StaleGenerated
package bad;

import io.github.chainrule.Differentiable;
import io.github.chainrule.GeneratedGradient;

class StaleGenerated { // error here
  @Differentiable
  static double f(double x) {
    return x * x;
  }
}

/** What an earlier build wrote, left in the source path. */
@GeneratedGradient(StaleGenerated.class)
final class StaleGenerated_Grad {
}
