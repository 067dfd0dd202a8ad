package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.GradCheck;
import io.github.chainrule.processor.ChainruleProcessor;
import io.github.chainrule.processor.testing.Compiled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom derivatives ({@code @DerivativeOf}): a library method without sources (Hipparchus's
 * {@code Erf.erf}), a method of the caller's class whose body the processor could read but whose
 * closed-form derivative is given instead, array and matrix parameters, a custom tangent, a
 * {@code float} method, a host in another package, and a {@code @Differentiable} method whose own
 * custom derivative replaces the derivative of its body. Each is checked through the callers'
 * generated gradient, pullback and tangent, against finite differences of the callers (the
 * custom derivatives being right) and against Hipparchus {@code DerivativeStructure}.
 */
class CustomDerivativeTest {
  private static Compiled c;

  @BeforeAll
  static void compile() {
    c = Compiled.compile(
        Map.of(
            "demo.special.Special",
            """
            package demo.special;

            import io.github.chainrule.DerivativeOf;
            import org.hipparchus.special.Erf;

            /** Derivatives for library code: this class has no @Differentiable method. */
            public final class Special {
              @DerivativeOf(value = Erf.class, method = "erf")
              public static double erfPullback(double x, double seed, double[] adj, int at) {
                adj[at] += seed * 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
                return Erf.erf(x);
              }

              /** The erf of the difference: the two-argument overload of Erf.erf. */
              @DerivativeOf(value = Erf.class, method = "erf")
              public static double erfPullback(double x1, double x2, double seed, double[] adj, int at) {
                double g = seed * 2 / Math.sqrt(Math.PI);
                adj[at] -= g * Math.exp(-x1 * x1);
                adj[at + 1] += g * Math.exp(-x2 * x2);
                return Erf.erf(x1, x2);
              }
            }
            """,
            "demo.Pricing",
            """
            package demo;

            import io.github.chainrule.DerivativeOf;
            import io.github.chainrule.Differentiable;
            import org.hipparchus.special.Erf;

            public final class Pricing {
              /** The normal CDF by a rational approximation (Zelen and Severo, 26.2.17). */
              static double normCdf(double x) {
                double t = 1 / (1 + 0.2316419 * Math.abs(x));
                double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
                double upper = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
                return x >= 0 ? 1 - upper : upper;
              }

              @DerivativeOf(method = "normCdf")
              static double normCdfPullback(double x, double seed, double[] adj, int at) {
                adj[at] += seed * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
                return normCdf(x);
              }

              /** A weighted sum of squares over the first n entries: arrays and an int. */
              static double sumSq(double[] a, double[][] m, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                  s += a[i] * a[i] * m[i][i];
                }
                return s;
              }

              @DerivativeOf(method = "sumSq")
              static double sumSqPullback(double[] a, double[][] m, int n, double seed, double[] aAdj, double[][] mAdj) {
                for (int i = 0; i < n; i++) {
                  aAdj[i] += seed * 2 * a[i] * m[i][i];
                  mAdj[i][i] += seed * a[i] * a[i];
                }
                return sumSq(a, m, n);
              }

              @Differentiable
              public static double call(double s, double k, double v) {
                double d1 = (Math.log(s / k) + 0.5 * v * v) / v;
                return s * normCdf(d1) - k * normCdf(d1 - v);
              }

              @Differentiable
              public static double errors(double x, double[] w, double[][] m) {
                double e = 0;
                for (int i = 0; i < w.length; i++) {
                  e += Erf.erf(x * w[i]) + Erf.erf(w[i], x);
                }
                return e * sumSq(w, m, 2);
              }

              /** Clipping, whose custom derivative is the straight-through estimator. */
              @Differentiable
              public static double clip(double x) {
                return Math.max(-1, Math.min(1, x));
              }

              @DerivativeOf(method = "clip")
              public static double clipPullback(double x, double seed, double[] adj, int at) {
                adj[at] += seed;
                return clip(x);
              }

              @DerivativeOf(method = "clip", mode = DerivativeOf.Mode.TANGENT)
              public static double clipTangent(double x, double xDot) {
                return xDot;
              }

              @Differentiable
              public static double quantized(double x, double y) {
                return clip(x * y) * y;
              }

              static float softplus(float x) {
                return (float) Math.log1p(Math.exp(x));
              }

              @DerivativeOf(method = "softplus")
              static float softplusPullback(float x, float seed, double[] adj, int at) {
                adj[at] += seed / (1 + Math.exp(-x));
                return softplus(x);
              }

              @Differentiable
              public static float layer(float x, float[] w) {
                float s = 0;
                for (int i = 0; i < w.length; i++) {
                  s += softplus(w[i] * x);
                }
                return s;
              }
            }
            """));
    assertTrue(c.succeeded(), c::diagnostics);
  }

  private static double call(double s, double k, double v) {
    double d1 = (Math.log(s / k) + 0.5 * v * v) / v;
    return s * normCdf(d1) - k * normCdf(d1 - v);
  }

  private static double normCdf(double x) {
    return 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
  }

  @Test
  void blackScholesGreeksUseTheClosedFormDensity() {
    double s = 100;
    double k = 95;
    double v = 0.25;
    Object g = c.invoke("demo.Pricing_Grad", "call", s, k, v);
    // Reference: the Black-Scholes formula with the exact CDF, differentiated by Hipparchus.
    DSFactory f = new DSFactory(3, 1);
    DerivativeStructure ds = f.variable(0, s);
    DerivativeStructure dk = f.variable(1, k);
    DerivativeStructure dv = f.variable(2, v);
    DerivativeStructure d1 = ds.divide(dk).log().add(dv.multiply(dv).multiply(0.5)).divide(dv);
    DerivativeStructure d2 = d1.subtract(dv);
    DerivativeStructure price = ds.multiply(cdf(d1)).subtract(dk.multiply(cdf(d2)));
    // The approximation's error (about 1e-7) bounds how close the custom derivative can be.
    assertEquals(price.getPartialDerivative(1, 0, 0), Compiled.component(g, "dS"), 1e-5);
    assertEquals(price.getPartialDerivative(0, 1, 0), Compiled.component(g, "dK"), 1e-5);
    assertEquals(price.getPartialDerivative(0, 0, 1), Compiled.component(g, "dV"), 1e-4);
    double vega = c.call("demo.Pricing_Grad", "callTangent", s, 0.0, k, 0.0, v, 1.0);
    assertEquals(Compiled.component(g, "dV"), vega, 1e-12);
  }

  /** The normal CDF of a derivative structure: 0.5 (1 + erf(x / sqrt 2)), chained by hand. */
  private static DerivativeStructure cdf(DerivativeStructure x) {
    double value = normCdf(x.getValue());
    double density = Math.exp(-0.5 * x.getValue() * x.getValue()) / Math.sqrt(2 * Math.PI);
    double[] derivatives = new double[x.getFreeParameters() + 1];
    derivatives[0] = value;
    for (int i = 0; i < x.getFreeParameters(); i++) {
      int[] orders = new int[x.getFreeParameters()];
      orders[i] = 1;
      derivatives[i + 1] = density * x.getPartialDerivative(orders);
    }
    return x.getFactory().build(derivatives);
  }

  private static double errors(double x, double[] w, double[][] m) {
    double e = 0;
    for (int i = 0; i < w.length; i++) {
      e += Erf.erf(x * w[i]) + Erf.erf(w[i], x);
    }
    double s = 0;
    for (int i = 0; i < 2; i++) {
      s += w[i] * w[i] * m[i][i];
    }
    return e * s;
  }

  @Test
  void libraryCodeWithoutSourcesInALoopWithArraysAndOverloads() {
    double x = 0.4;
    double[] w = {0.3, -0.7, 1.1};
    double[][] m = {{1.5, 0.2}, {0.1, 0.8}};
    Object g = c.invoke("demo.Pricing_Grad", "errors", x, w, m);
    GradCheck.check(
            p -> errors(p[0], new double[] {p[1], p[2], p[3]}, new double[][] {{p[4], p[5]}, {p[6], p[7]}}),
            p -> {
              Object r = c.invoke("demo.Pricing_Grad", "errors", p[0], new double[] {p[1], p[2], p[3]},
                  new double[][] {{p[4], p[5]}, {p[6], p[7]}});
              double[] dw = (double[]) field(r, "dW");
              double[][] dm = (double[][]) field(r, "dM");
              return new double[] {Compiled.component(r, "dX"), dw[0], dw[1], dw[2], dm[0][0], dm[0][1], dm[1][0], dm[1][1]};
            },
            x, w[0], w[1], w[2], m[0][0], m[0][1], m[1][0], m[1][1])
        .assertOk();
    // Forward mode derives the tangents from the custom pullbacks: along w and m at once.
    double[] wDot = {0.5, -1, 2};
    double[][] mDot = {{1, -2}, {0.5, 3}};
    double[] dw = (double[]) field(g, "dW");
    double[][] dm = (double[][]) field(g, "dM");
    double expected = 0.25 * Compiled.component(g, "dX");
    for (int i = 0; i < 3; i++) {
      expected += dw[i] * wDot[i];
    }
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        expected += dm[i][j] * mDot[i][j];
      }
    }
    assertEquals(expected, c.call("demo.Pricing_Grad", "errorsTangent", x, 0.25, w, wDot, m, mDot), 1e-12);
    assertEquals(
        errors(x, w, m), c.call("demo.Pricing_Grad", "errorsPullback", x, w, m, 1.0, new double[1], 0, null, null), 0);
  }

  @Test
  void theHostGetsDelegatesOfTheGeneratedForm() {
    // Special has no @Differentiable method: its Special_Grad holds the delegates only.
    double x = 0.7;
    double[] adj = new double[1];
    double value = c.call("demo.special.Special_Grad", "erf_DPullback", x, 2.0, adj, 0);
    assertEquals(Erf.erf(x), value, 0);
    assertEquals(2 * 2 / Math.sqrt(Math.PI) * Math.exp(-x * x), adj[0], 1e-15);
    assertEquals(adj[0] / 2 * 3, c.call("demo.special.Special_Grad", "erf_DTangent", x, 3.0), 1e-15);
    GradCheck.checkPullback(
            p -> Erf.erf(p[0], p[1]),
            (p, seed, a) -> c.call("demo.special.Special_Grad", "erf_DDPullback", p[0], p[1], seed, a, 0),
            -0.3, 0.9)
        .assertOk();
  }

  @Test
  void aDifferentiableMethodsOwnCustomDerivativeWins() {
    // The body's derivative is 0 outside [-1, 1]; the straight-through estimator's is 1.
    Object g = c.invoke("demo.Pricing_Grad", "clip", 3.0);
    assertEquals(1.0, Compiled.component(g, "dX"), 0);
    assertEquals(1.0, Compiled.component(g, "value"), 0);
    assertEquals(2.5, c.call("demo.Pricing_Grad", "clipTangent", 3.0, 2.5), 0);
    // Callers use it too: d/dx clip(x y) y = y * y, d/dy = x * y + clip(x y) through the estimator.
    double x = 2;
    double y = 1.5;
    Object q = c.invoke("demo.Pricing_Grad", "quantized", x, y);
    assertEquals(y * y, Compiled.component(q, "dX"), 1e-15);
    assertEquals(x * y + 1, Compiled.component(q, "dY"), 1e-15);
    assertEquals(y * y, c.call("demo.Pricing_Grad", "quantizedTangent", x, 1.0, y, 0.0), 1e-15);
    String generated = c.generatedSource("demo.Pricing_Grad");
    assertTrue(generated.contains("by the custom derivative {@link Pricing#clipPullback}"), generated);
    assertTrue(generated.contains("by the custom tangent {@link Pricing#clipTangent}"), generated);
  }

  @Test
  void floatMethods() {
    float x = 0.6f;
    float[] w = {0.5f, -1.25f, 2f};
    Object g = c.invoke("demo.Pricing_Grad", "layer", x, w);
    double dx = 0;
    float[] dw = (float[]) field(g, "dW");
    for (int i = 0; i < w.length; i++) {
      double sigma = 1 / (1 + Math.exp(-(double) w[i] * x));
      dx += sigma * w[i];
      assertEquals(sigma * x, dw[i], 1e-6);
    }
    assertEquals(dx, Compiled.component(g, "dX"), 1e-6);
    assertEquals(dx, c.call("demo.Pricing_Grad", "layerTangent", x, 1f, w, null), 1e-6);
  }

  /**
   * A custom derivative declared in its target's class, compiled in an earlier build (a jar on
   * the class path): a later build's callers find it there.
   */
  @Test
  void aCustomDerivativeBesideItsTargetIsFoundOnTheClassPath(@TempDir Path dir) throws IOException {
    Compilation library =
        Compiler.javac()
            .withProcessors(new ChainruleProcessor())
            .compile(
                JavaFileObjects.forSourceString(
                    "lib.Smooth",
                    """
                    package lib;

                    import io.github.chainrule.DerivativeOf;

                    public final class Smooth {
                      public static double cube(double x) {
                        return x * x * x;
                      }

                      @DerivativeOf(method = "cube")
                      public static double cubePullback(double x, double seed, double[] adj, int at) {
                        adj[at] += seed * 3 * x * x;
                        return cube(x);
                      }
                    }
                    """));
    assertEquals(Compilation.Status.SUCCESS, library.status(), library.diagnostics()::toString);
    Path classes = dir.resolve("classes");
    for (JavaFileObject f : library.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String name = f.toUri().getPath();
        Path out = classes.resolve(name.substring(name.indexOf("/lib/") + 1));
        Files.createDirectories(out.getParent());
        try (InputStream in = f.openInputStream()) {
          Files.copy(in, out);
        }
      }
    }
    String classPath = classes + java.io.File.pathSeparator + System.getProperty("java.class.path");
    Compilation caller =
        Compiler.javac()
            .withProcessors(new ChainruleProcessor())
            .withOptions("-classpath", classPath)
            .compile(
                JavaFileObjects.forSourceString(
                    "app.Use",
                    """
                    package app;

                    import io.github.chainrule.Differentiable;
                    import lib.Smooth;

                    public final class Use {
                      @Differentiable
                      public static double f(double x) {
                        return Smooth.cube(Math.sin(x));
                      }
                    }
                    """));
    assertEquals(Compilation.Status.SUCCESS, caller.status(), caller.diagnostics()::toString);
    String source =
        caller.generatedSourceFile("app.Use_Grad").orElseThrow().getCharContent(true).toString();
    assertTrue(source.contains("Smooth_Grad.cubePullback("), source);
    assertTrue(library.generatedFile(StandardLocation.CLASS_OUTPUT, "lib/Smooth_Grad.class").isPresent());
  }

  /**
   * A custom derivative of another class's {@code @Differentiable} method is an error at its
   * annotation (and the only one: that class's own code, from its body, is fine).
   */
  @Test
  void aDifferentiableMethodsCustomDerivativeBelongsInItsClass() {
    Compiled bad =
        Compiled.compile(
            Map.of(
                "bad.Model",
                """
                package bad;

                import io.github.chainrule.Differentiable;

                public class Model {
                  @Differentiable
                  static double sq(double x) {
                    return x * x;
                  }
                }
                """,
                "bad.Elsewhere",
                """
                package bad;

                import io.github.chainrule.DerivativeOf;

                class Elsewhere {
                  @DerivativeOf(value = Model.class, method = "sq")
                  static double sqPullback(double x, double seed, double[] adj, int at) {
                    adj[at] += 2 * seed * x;
                    return x * x;
                  }
                }
                """));
    assertEquals(1, bad.errors().size(), bad::diagnostics);
    javax.tools.Diagnostic<? extends JavaFileObject> e = bad.errors().get(0);
    assertTrue(e.getMessage(null).startsWith("[CR127] Model.sq(double) is @Differentiable: its custom derivative must be"
        + " declared in its own class bad.Model"), e::toString);
    assertEquals(6, e.getLineNumber());
    assertEquals(3, e.getColumnNumber());
  }

  private static Object field(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theDelegatesWithATapeIgnoreIt() {
    double[] adj = new double[1];
    Object v =
        c.invoke("demo.Pricing_Grad", "normCdfPullback", 0.3, 1.0, adj, 0, io.github.chainrule.Tape.forThread());
    assertEquals(c.call("demo.Pricing_Grad", "normCdfPullback", 0.3, 1.0, new double[1], 0), (double) v, 0);
    assertArrayEquals(new double[] {Math.exp(-0.045) / Math.sqrt(2 * Math.PI)}, adj, 1e-15);
    assertEquals(List.of(), c.warnings());
  }
}
