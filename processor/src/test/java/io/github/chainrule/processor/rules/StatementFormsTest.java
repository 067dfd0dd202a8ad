package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statements people write that are not plain assignments: a call whose result is discarded but
 * whose arguments assign ({@code g(y += x);}, also of a {@code Math} function and in a loop);
 * a matrix initializer {@code {{a, b}, {c, d}}}.
 * Each is compared with the same method spelled out, in both modes.
 */
class StatementFormsTest {
  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled =
        Compiled.compile(
            "demo.Forms",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public final class Forms {
              @Differentiable
              public static double g(double a) {
                return a * a;
              }

              @Differentiable
              public static double discarded(double x, double y, int n) {
                g(y += x);
                Math.sin(y *= x);
                for (int i = 0; i < n; i++) {
                  g(y = y * 0.5 + x);
                }
                return y;
              }

              @Differentiable
              public static double matrixInitializer(double x, double y) {
                double[][] m = {{x, 1, y * x}, {Math.sin(y), x * x, 2}};
                var n = new double[][] {{y}, {x}};
                return m[0][0] * m[1][1] + m[0][2] * m[1][0] - m[0][1] * m[1][2] + n[0][0] * n[1][0] + m.length * m[1].length;
              }

              @Differentiable
              public static double matrixStores(double x, double y) {
                double[][] m = new double[2][3];
                m[0][0] = x;
                m[0][1] = 1;
                m[0][2] = y * x;
                m[1][0] = Math.sin(y);
                m[1][1] = x * x;
                m[1][2] = 2;
                double[][] n = new double[2][1];
                n[0][0] = y;
                n[1][0] = x;
                return m[0][0] * m[1][1] + m[0][2] * m[1][0] - m[0][1] * m[1][2] + n[0][0] * n[1][0] + m.length * m[1].length;
              }

              /** Counts the weights given, one for none. */
              static int count(double[] w) {
                return w == null ? 1 : w.length;
              }

              @Differentiable
              static double weighted(double x, double[] w, double[] bias, int n) {
                double s = x * x;
                for (int i = 0; i < n; i++) {
                  s += w[i] * x + bias[i];
                }
                return s;
              }

              @Differentiable
              public static double nullArguments(double x, double[] w) {
                int k = count(null) + count(w);
                return weighted(x, w, null, 0) * k + weighted(x * 2, new double[] {x, 1}, null, 0);
              }

              @Differentiable
              public static double spelled(double x, double y, int n) {
                y += x;
                y *= x;
                for (int i = 0; i < n; i++) {
                  y = y * 0.5 + x;
                }
                return y;
              }
            }
            """);
    assertTrue(compiled.succeeded(), compiled::diagnostics);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1.5, 3", "3.0, -0.5, 0", "-1.0, 2.0, 1"})
  void aDiscardedCallKeepsTheAssignmentsInItsArguments(double x, double y, int n) {
    Object discarded = compiled.invoke("demo.Forms_Grad", "discarded", x, y, n);
    Object spelled = compiled.invoke("demo.Forms_Grad", "spelled", x, y, n);
    for (String c : new String[] {"value", "dX", "dY"}) {
      assertEquals(Compiled.component(spelled, c), Compiled.component(discarded, c), 0.0, c);
    }
    assertEquals(
        compiled.call("demo.Forms_Grad", "spelledTangent", x, 0.3, y, -0.7, n),
        compiled.call("demo.Forms_Grad", "discardedTangent", x, 0.3, y, -0.7, n),
        0.0);
  }

  @ParameterizedTest
  @CsvSource({"0.7", "-1.5"})
  void nullStandsForNoArrayInACall(double x) {
    double[] w = {0.5, -1.5};
    // (x^2) * 3 + (2x)^2: d/dx = 6x + 8x = 14x; the weights are not read (n = 0).
    Object g = compiled.invoke("demo.Forms_Grad", "nullArguments", x, w);
    assertEquals(3 * x * x + 4 * x * x, Compiled.component(g, "value"), 1e-12);
    assertEquals(14 * x, Compiled.component(g, "dX"), 1e-12);
    assertEquals(14 * x, compiled.call("demo.Forms_Grad", "nullArgumentsTangent", x, 1.0, w, null), 1e-12);
    assertTrue(io.github.chainrule.Tape.forThread().isEmpty());
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1.5", "-2.0, 0.25"})
  void aMatrixInitializerIsTheMatrixOfItsRows(double x, double y) {
    Object init = compiled.invoke("demo.Forms_Grad", "matrixInitializer", x, y);
    Object stores = compiled.invoke("demo.Forms_Grad", "matrixStores", x, y);
    for (String c : new String[] {"value", "dX", "dY"}) {
      assertEquals(Compiled.component(stores, c), Compiled.component(init, c), 0.0, c);
    }
    // d/dx of x * x^2 + y x sin y - 2 + y x + 6 = 3x^2 + y sin y + y
    assertEquals(3 * x * x + y * Math.sin(y) + y, Compiled.component(init, "dX"), 1e-12);
    assertEquals(
        compiled.call("demo.Forms_Grad", "matrixStoresTangent", x, 0.3, y, -0.7),
        compiled.call("demo.Forms_Grad", "matrixInitializerTangent", x, 0.3, y, -0.7),
        0.0);
  }
}
