package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @NoDerivative} on a parameter: a constant, as if {@code wrt} left it out. The gradient
 * record, the tangent and the pullback have no place for it, and the other partials are those of
 * the method with it held fixed.
 */
class NoDerivativeTest {
  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled =
        Compiled.compile(
            "demo.Data",
            """
            package demo;

            import io.github.chainrule.Differentiable;
            import io.github.chainrule.NoDerivative;

            public final class Data {
              @Differentiable
              public static double loss(double w, @NoDerivative double x, double[] ws, @NoDerivative double[] data, @NoDerivative int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                  double r = w * data[i] + ws[i % ws.length] * x - 1;
                  s += r * r;
                }
                return s;
              }
            }
            """);
    assertTrue(compiled.succeeded(), compiled::diagnostics);
  }

  private static double loss(double w, double x, double[] ws, double[] data, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double r = w * data[i] + ws[i % ws.length] * x - 1;
      s += r * r;
    }
    return s;
  }

  @Test
  void theGradientHasComponentsForTheOthersOnly() {
    Class<?> record = compiled.load("demo.Data_Grad$LossGradient");
    List<String> names = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      names.add(c.getName());
    }
    assertEquals(List.of("value", "dW", "dWs"), names);
  }

  @Test
  void tangentAndPullbackTakeNoPlaceForTheConstants() {
    Class<?> grad = compiled.load("demo.Data_Grad");
    for (Method m : grad.getMethods()) {
      if (m.getName().equals("lossTangent")) {
        // w, wDot, x, ws, wsDot, data, n
        assertEquals(7, m.getParameterCount(), m.toString());
      }
      if (m.getName().equals("lossPullback") && m.getParameterCount() == 9) {
        // w, x, ws, data, n, seed, adj, at, wsAdj (no dataAdj)
        assertEquals(double[].class, m.getParameterTypes()[8]);
      }
    }
  }

  @Test
  void thePartialsAreThoseWithTheConstantsHeldFixed() {
    double w = 0.7;
    double x = -1.3;
    double[] ws = {0.4, -0.2};
    double[] data = {1.5, -0.5, 2.0, 0.25};
    Object g = compiled.invoke("demo.Data_Grad", "loss", w, x, ws, data, 4);
    double h = 1e-6;
    double fdW = (loss(w + h, x, ws, data, 4) - loss(w - h, x, ws, data, 4)) / (2 * h);
    assertEquals(fdW, Compiled.component(g, "dW"), 1e-7);
    double[] dWs = (double[]) invoke(g, "dWs");
    double[] fdWs = new double[2];
    for (int k = 0; k < 2; k++) {
      double[] up = ws.clone();
      double[] down = ws.clone();
      up[k] += h;
      down[k] -= h;
      fdWs[k] = (loss(w, x, up, data, 4) - loss(w, x, down, data, 4)) / (2 * h);
    }
    assertArrayEquals(fdWs, dWs, 1e-7);
    assertEquals(fdW, compiled.call("demo.Data_Grad", "lossTangent", w, 1.0, x, ws, null, data, 4), 1e-7);
  }

  /** A caller of a method with a constant parameter passes no tangent or adjoint for it. */
  @Test
  void aCallerPassesNothingForTheCalleesConstants() {
    Compiled c =
        Compiled.compile(
            "demo.Caller",
            """
            package demo;

            import io.github.chainrule.Differentiable;
            import io.github.chainrule.NoDerivative;

            public final class Caller {
              @Differentiable
              static double scaled(@NoDerivative double c, double x, @NoDerivative double[] data) {
                return c * x * x + data[0] * x;
              }

              @Differentiable
              public static double f(double x) {
                double[] d = {3.0};
                return scaled(2.0, x, d) + scaled(0.5, Math.sin(x), d);
              }
            }
            """);
    assertTrue(c.succeeded(), c::diagnostics);
    double x = 0.8;
    double expected = 4 * x + 3 + (2 * 0.5 * Math.sin(x) + 3) * Math.cos(x);
    assertEquals(expected, Compiled.component(c.invoke("demo.Caller_Grad", "f", x), "dX"), 1e-12);
    assertEquals(expected, c.call("demo.Caller_Grad", "fTangent", x, 1.0), 1e-12);
  }

  private static Object invoke(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
