package io.github.chainrule.processor.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import org.junit.jupiter.api.Test;

/**
 * A load from an array that nothing writes from the start of its loop on (an activation array
 * filled by an earlier loop, read by a later one) is recomputed in the backward sweep instead of
 * pushed on the tape; the same load from an array the loop itself overwrites is saved. Both
 * give the gradient of finite differences.
 */
class RecomputeLoadsTest {
  private static final String SOURCE =
      """
      package demo;

      import io.github.chainrule.Differentiable;

      public final class Layers {
        @Differentiable
        public static double layers(double[] w, double[] v, int n) {
          double[] h = new double[n];
          for (int j = 0; j < n; j++) {
            h[j] = Math.tanh(w[j]);
          }
          double s = 0;
          for (int k = 0; k < n; k++) {
            s = s * 0.5 + v[k] * h[k] * h[(k + 1) % n];
          }
          return s;
        }

        @Differentiable
        public static double overwritten(double[] w, double[] v, int n) {
          double[] h = new double[n];
          for (int j = 0; j < n; j++) {
            h[j] = Math.tanh(w[j]);
          }
          double s = 0;
          for (int k = 0; k < n; k++) {
            s = s * 0.5 + v[k] * h[k] * h[(k + 1) % n];
            h[k] = s;
          }
          return s;
        }
      }
      """;

  private static double layers(double[] w, double[] v, int n, boolean overwrite) {
    double[] h = new double[n];
    for (int j = 0; j < n; j++) {
      h[j] = Math.tanh(w[j]);
    }
    double s = 0;
    for (int k = 0; k < n; k++) {
      s = s * 0.5 + v[k] * h[k] * h[(k + 1) % n];
      if (overwrite) {
        h[k] = s;
      }
    }
    return s;
  }

  /** The pushes in the generated pullback of {@code method} (the first one: the one with the body). */
  private static int pushes(String source, String method) {
    int start = source.indexOf("public static double " + method + "Pullback(");
    int end = source.indexOf("\n  }\n", start);
    String body = source.substring(start, end);
    int count = 0;
    for (int i = body.indexOf(".push"); i >= 0; i = body.indexOf(".push", i + 1)) {
      count++;
    }
    return count;
  }

  @Test
  void loadsOfAnArrayFilledBeforeTheLoopAreRecomputedAndTheGradientIsRight() {
    Compiled c = Compiled.compile("demo.Layers", SOURCE);
    assertTrue(c.succeeded(), c::diagnostics);
    String generated = c.generatedSource("demo.Layers_Grad");
    // layers: only tanh's value in the first loop is saved; the second loop saves nothing.
    assertEquals(1, pushes(generated, "layers"), generated);
    // overwritten: the second loop writes h, so its loads of h are saved.
    assertTrue(pushes(generated, "overwritten") > 1, generated);

    int n = 5;
    double[] w = {0.3, -0.8, 1.1, 0.05, -0.4};
    double[] v = {0.9, -0.2, 0.6, 1.4, -1.0};
    double h = 1e-6;
    for (String method : new String[] {"layers", "overwritten"}) {
      boolean overwrite = method.equals("overwritten");
      Object g = c.invoke("demo.Layers_Grad", method, w.clone(), v.clone(), n);
      double[] dW = (double[]) component(g, "dW");
      double[] dV = (double[]) component(g, "dV");
      for (int i = 0; i < n; i++) {
        double[] up = w.clone();
        double[] down = w.clone();
        up[i] += h;
        down[i] -= h;
        double fd = (layers(up, v, n, overwrite) - layers(down, v, n, overwrite)) / (2 * h);
        assertEquals(fd, dW[i], 1e-8, method + " dW" + i);
        up = v.clone();
        down = v.clone();
        up[i] += h;
        down[i] -= h;
        fd = (layers(w, up, n, overwrite) - layers(w, down, n, overwrite)) / (2 * h);
        assertEquals(fd, dV[i], 1e-8, method + " dV" + i);
      }
    }
  }

  private static Object component(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
