// expect: CR126 'sqTangent' is a custom tangent of CustomTangentOnly.sq(double), which has no custom pullback: reverse mode needs one
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

class CustomTangentOnly {
  static double sq(double x) {
    return x * x;
  }

  @DerivativeOf(method = "sq", mode = DerivativeOf.Mode.TANGENT) // error here
  static double sqTangent(double x, double xDot) {
    return 2 * x * xDot;
  }
}
