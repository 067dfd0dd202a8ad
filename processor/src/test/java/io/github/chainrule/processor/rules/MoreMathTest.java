package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.processor.testing.Compiled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Math.scalb}, {@code IEEEremainder}, {@code ulp}, {@code nextUp}, {@code nextDown} and
 * (on JDK 21 and later) {@code clamp}: gradient, tangent and pullback against their exact
 * derivatives, double and float.
 */
class MoreMathTest {
  private static final String SOURCE =
      """
      package demo;

      import io.github.chainrule.Differentiable;

      public final class More {
        @Differentiable
        public static double scalb(double x, int n) {
          return Math.scalb(x * x, n) + StrictMath.scalb(x, -n);
        }

        @Differentiable
        public static float scalbFloat(float x, int n) {
          return Math.scalb(x * 3, n);
        }

        @Differentiable
        public static double remainder(double p, double q) {
          return Math.IEEEremainder(p * 2, q) * 3;
        }

        @Differentiable
        public static double steps(double x) {
          return Math.nextUp(x * x) - Math.nextDown(3 * x) + Math.ulp(x) * 1e10;
        }
      }
      """;

  @ParameterizedTest
  @CsvSource({"1.5, 3", "-0.25, -2", "7.0, 0"})
  void scalbIsAMultiplicationByAPowerOfTwo(double x, int n) {
    Compiled c = compiled();
    double expected = 2 * x * Math.pow(2, n) + Math.pow(2, -n);
    assertEquals(expected, Compiled.component(c.invoke("demo.More_Grad", "scalb", x, n), "dX"), 1e-12 * Math.abs(expected));
    assertEquals(expected * 0.5, c.call("demo.More_Grad", "scalbTangent", x, 0.5, n), 1e-12 * Math.abs(expected));
    double[] adj = {1.0};
    c.invoke("demo.More_Grad", "scalbPullback", x, n, 2.0, adj, 0);
    assertEquals(1.0 + 2 * expected, adj[0], 1e-12 * Math.abs(expected));
    Object g = c.invoke("demo.More_Grad", "scalbFloat", (float) x, n);
    assertEquals(3 * Math.pow(2, n), Compiled.component(g, "dX"), 0.0);
  }

  @ParameterizedTest
  @CsvSource({"1.3, 0.5", "-2.7, 1.1", "10.0, 3.0"})
  void ieeeRemainderHasTheQuotientAsItsSlope(double p, double q) {
    Compiled c = compiled();
    double k = Math.rint(2 * p / q);
    Object g = c.invoke("demo.More_Grad", "remainder", p, q);
    assertEquals(6.0, Compiled.component(g, "dP"), 0.0);
    assertEquals(-3 * k, Compiled.component(g, "dQ"), 0.0);
    double h = 1e-7;
    double fd = (c.call("demo.More", "remainder", p, q + h) - c.call("demo.More", "remainder", p, q - h)) / (2 * h);
    assertEquals(fd, Compiled.component(g, "dQ"), 1e-5);
  }

  @ParameterizedTest
  @CsvSource({"1.5", "-0.75", "3.0"})
  void nextUpAndNextDownHaveSlopeOneAndUlpZero(double x) {
    Compiled c = compiled();
    Object g = c.invoke("demo.More_Grad", "steps", x);
    assertEquals(2 * x - 3, Compiled.component(g, "dX"), 0.0);
    assertEquals(2 * x - 3, c.call("demo.More_Grad", "stepsTangent", x, 1.0), 0.0);
  }

  @Test
  void clampSelectsTheOperandThatWins() {
    assumeTrue(Runtime.version().feature() >= 21, "Math.clamp is JDK 21+");
    Compiled c =
        Compiled.compile(
            "demo.Clamp",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public final class Clamp {
              @Differentiable
              public static double clamp(double v, double lo, double hi) {
                return Math.clamp(v * v, lo, hi * 2) + Math.clamp((float) v, 0f, 1f);
              }
            }
            """);
    assertTrue(c.succeeded(), c::diagnostics);
    // Inside: d/dv = 2v (+ 1 from the float clamp while 0 <= v <= 1).
    Object inside = c.invoke("demo.Clamp_Grad", "clamp", 0.5, 0.0, 1.0);
    assertEquals(2 * 0.5 + 1, Compiled.component(inside, "dV"), 1e-7);
    assertEquals(0.0, Compiled.component(inside, "dLo"), 0.0);
    assertEquals(0.0, Compiled.component(inside, "dHi"), 0.0);
    // Below: the lower bound wins.
    Object below = c.invoke("demo.Clamp_Grad", "clamp", 0.5, 1.0, 3.0);
    assertEquals(1.0, Compiled.component(below, "dV"), 1e-7);
    assertEquals(1.0, Compiled.component(below, "dLo"), 0.0);
    // Above: the upper bound (times 2) wins.
    Object above = c.invoke("demo.Clamp_Grad", "clamp", 3.0, 0.0, 1.0);
    assertEquals(0.0, Compiled.component(above, "dV"), 0.0);
    assertEquals(2.0, Compiled.component(above, "dHi"), 0.0);
    assertEquals(2.0 * 0.25, c.call("demo.Clamp_Grad", "clampTangent", 3.0, 0.0, 0.0, 0.0, 1.0, 0.25), 0.0);
  }

  private static Compiled compiled;

  private static Compiled compiled() {
    if (compiled == null) {
      compiled = Compiled.compile("demo.More", SOURCE);
      assertTrue(compiled.succeeded(), compiled::diagnostics);
    }
    return compiled;
  }
}
