// expect: CR210 this switch expression gives both int and float results: Java converts each result to the type of the place it stands in (an int result to double in 'double y = switch ...'), which Chainrule cannot see here; give every case a float (2f) or a double ((double) 2) result
// expect-column-at: switch (n)
package bad;

import io.github.chainrule.Differentiable;

// In 'double y = switch ...' Java converts 16777217 to double exactly; through float it would
// round to 16777216.
class SwitchMixedIntFloat {
  @Differentiable
  static double f(double x, float a, int n) {
    double y = switch (n) { case 1 -> 16777217; default -> a; }; // error here
    return x * y;
  }
}
