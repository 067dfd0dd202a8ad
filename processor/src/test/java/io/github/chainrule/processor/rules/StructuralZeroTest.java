package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 0 · ∞ where the zero is structural: a node with an infinite partial (sqrt, cbrt, log, pow,
 * asin, acos, a division at the point where it blows up) that nothing on the path taken reached
 * (a branch not taken, an array element never read, an iteration that skips it) contributes
 * nothing. Reverse mode then gives the derivative that forward mode and finite differences give,
 * instead of NaN; the dot-product identity holds at those points.
 */
class StructuralZeroTest {
  private static Compiled compiled;

  private static final String SOURCE =
      """
      package demo;

      import io.github.chainrule.Differentiable;

      public final class Zero {
        @Differentiable
        public static double sqrtNotTaken(double x) {
          double t = x * x;
          double s = Math.sqrt(t);
          if (s <= 1) return t;
          return s;
        }

        @Differentiable
        public static double divisionNotTaken(double x) {
          double q = 1 / x;
          if (x == 0) return 3 * x;
          return q;
        }

        @Differentiable
        public static double logNotTaken(double x) {
          double l = Math.log(x * x);
          double c = Math.cbrt(x);
          return x < 1e-3 ? x * 2 : l + c;
        }

        @Differentiable
        public static double powAndAsinNotTaken(double x) {
          double p = Math.pow(x, 0.5);
          double a = Math.asin(x);
          double b = Math.acos(x);
          if (x >= 1) return x;
          if (x <= 0) return -x;
          return p + a + b;
        }

        @Differentiable
        public static double elementNeverRead(double x) {
          double[] v = new double[2];
          v[0] = Math.sqrt(x);
          v[1] = x * 3;
          return v[1];
        }

        @Differentiable
        public static double skippedInLoop(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double r = Math.sqrt(x - i);
            if (i % 2 == 0) {
              s += x * i;
            } else {
              s += r;
            }
          }
          return s;
        }
      }
      """;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("demo.Zero", SOURCE);
    assertTrue(compiled.succeeded(), compiled::diagnostics);
  }

  static Stream<Arguments> points() {
    return Stream.of(
        Arguments.of("sqrtNotTaken", 0.0, 0.0),
        Arguments.of("divisionNotTaken", 0.0, 3.0),
        Arguments.of("logNotTaken", 0.0, 2.0),
        Arguments.of("powAndAsinNotTaken", 1.0, 1.0),
        Arguments.of("powAndAsinNotTaken", 0.0, -1.0),
        Arguments.of("elementNeverRead", 0.0, 3.0));
  }

  @ParameterizedTest
  @MethodSource("points")
  void reverseModeAgreesWithForwardModeAtTheSingularPoint(String method, double x, double expected) {
    Object gradient = compiled.invoke("demo.Zero_Grad", method, x);
    double dX = Compiled.component(gradient, "dX");
    double tangent = compiled.call("demo.Zero_Grad", method + "Tangent", x, 1.0);
    double[] adj = {0.5};
    compiled.invoke("demo.Zero_Grad", method + "Pullback", x, 2.0, adj, 0);
    assertEquals(expected, dX, 0.0, "gradient");
    assertEquals(expected, tangent, 0.0, "tangent");
    // The dot-product test: <J v, w> = <v, J^T w> with v = 1, w = 2 (on top of the prefill 0.5).
    assertEquals(2.0 * tangent, adj[0] - 0.5, 0.0, "pullback");
  }

  @ParameterizedTest
  @MethodSource("loopPoints")
  void aLoopIterationThatSkipsTheNodeAddsNothing(int n, double expected) {
    // At x = 0 the odd iterations' sqrt(x - i) is NaN anyway; at x = n - 1 only the last odd
    // iteration's is at its singular point, and it is not taken when n - 1 is even.
    double x = n - 1;
    Object gradient = compiled.invoke("demo.Zero_Grad", "skippedInLoop", x, n);
    double dX = Compiled.component(gradient, "dX");
    double tangent = compiled.call("demo.Zero_Grad", "skippedInLoopTangent", x, 1.0, n);
    assertEquals(tangent, dX, 1e-12 * Math.abs(tangent), "gradient against tangent");
    assertEquals(expected, dX, 1e-12 * Math.abs(expected), "gradient");
  }

  static Stream<Arguments> loopPoints() {
    // n = 3, x = 2: i = 0 adds x*0, i = 1 adds sqrt(x - 1) (derivative 0.5), i = 2 adds 2x.
    return Stream.of(Arguments.of(3, 0.5 + 2), Arguments.of(1, 0.0));
  }
}
