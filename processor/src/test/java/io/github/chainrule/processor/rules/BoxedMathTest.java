package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Double.max/min/sum} and {@code Float.max/min/sum} are the {@code Math} functions and the
 * addition they are (also on int operands, converted first), in loops too: the same derivatives
 * as the spelled-out forms (themselves checked against Hipparchus in {@link MathRulesTest}), in
 * both modes.
 */
class BoxedMathTest {
  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled =
        Compiled.compile(
            "demo.Boxed",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public final class Boxed {
              @Differentiable
              public static double boxed(double a, double b, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                  s = Double.sum(s, Double.max(a * b, i) - Double.min(a, 2) * Double.sum(b, i));
                }
                return s + Float.sum((float) a, 1) + Float.max((float) b, n) - Float.min(1f, (float) (a * b));
              }

              @Differentiable
              public static double spelled(double a, double b, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                  s = s + (Math.max(a * b, (double) i) - Math.min(a, 2.0) * (b + (double) i));
                }
                return s + ((float) a + 1f) + Math.max((float) b, (float) n) - Math.min(1f, (float) (a * b));
              }
            }
            """);
    assertTrue(compiled.succeeded(), compiled::diagnostics);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1.5, 3", "3.0, -0.5, 4", "-1.0, 2.0, 0", "2.5, 0.1, 2"})
  void sameDerivativesAsTheMathForms(double a, double b, int n) {
    Object boxed = compiled.invoke("demo.Boxed_Grad", "boxed", a, b, n);
    Object spelled = compiled.invoke("demo.Boxed_Grad", "spelled", a, b, n);
    for (String c : new String[] {"value", "dA", "dB"}) {
      assertEquals(Compiled.component(spelled, c), Compiled.component(boxed, c), 0.0, c);
    }
    assertEquals(
        compiled.call("demo.Boxed_Grad", "spelledTangent", a, 0.3, b, -0.7, n),
        compiled.call("demo.Boxed_Grad", "boxedTangent", a, 0.3, b, -0.7, n),
        0.0);
  }
}
