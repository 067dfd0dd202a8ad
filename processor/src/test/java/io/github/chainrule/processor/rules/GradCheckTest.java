package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.GradCheck;
import io.github.chainrule.processor.testing.Compiled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GradCheck} against generated derivatives: the gradient record, the pullback and the
 * tangent of a compiled {@code @Differentiable} class pass; a wrong gradient, a NaN on either
 * side, and a wrong array adjoint fail, and the report names the component.
 */
class GradCheckTest {
  private static Compiled c;
  private static final String OWNER = "demo.Check";
  private static final String GRAD = "demo.Check_Grad";

  @BeforeAll
  static void compile() {
    c = Compiled.compile(
        OWNER,
        """
        package demo;

        import io.github.chainrule.Differentiable;

        public final class Check {
          @Differentiable
          public static double f(double x, double y) {
            return Math.sin(x) * Math.exp(y) + x * x * y;
          }

          @Differentiable
          public static double g(double a, double[] w) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              s += Math.tanh(a * w[i]) * w[i];
            }
            return s;
          }

          @Differentiable
          public static double big(double x) {
            return 1e8 * Math.cos(x) + Math.log(x);
          }

          @Differentiable
          public static double root(double x) {
            return Math.sqrt(x);
          }
        }
        """);
    assertTrue(c.succeeded(), c::diagnostics);
  }

  private static double f(double[] p) {
    return c.call(OWNER, "f", p[0], p[1]);
  }

  private static double[] fGradient(double[] p) {
    Object r = c.invoke(GRAD, "f", p[0], p[1]);
    return new double[] {Compiled.component(r, "dX"), Compiled.component(r, "dY")};
  }

  @Test
  void generatedGradientPullbackAndTangentPass() {
    for (double[] p : List.of(new double[] {0.3, -1.2}, new double[] {-2.5, 0.7}, new double[] {40, 2})) {
      GradCheck.Report r = GradCheck.check(GradCheckTest::f, GradCheckTest::fGradient, p).assertOk();
      assertEquals(2, r.components().size());
      assertTrue(r.maxError() < 1e-8, r::toString);
      GradCheck.checkPullback(
              GradCheckTest::f,
              (x, seed, adj) -> c.call(GRAD, "fPullback", x[0], x[1], seed, adj, 0),
              p)
          .assertOk();
      GradCheck.checkTangent(
              GradCheckTest::f,
              (x, dot) -> c.call(GRAD, "fTangent", x[0], dot[0], x[1], dot[1]),
              p)
          .assertOk();
      GradCheck.options()
          .difference(GradCheck.Difference.CENTRAL)
          .check(GradCheckTest::f, GradCheckTest::fGradient, p)
          .assertOk();
    }
  }

  @Test
  void wrongGradientFailsAndTheReportNamesTheComponent() {
    GradCheck.Gradient wrong = p -> {
      double[] g = fGradient(p);
      g[1] *= 1.001;
      return g;
    };
    GradCheck.Report r = GradCheck.options().names("x", "y").check(GradCheckTest::f, wrong, 0.3, -1.2);
    assertFalse(r.passed());
    assertEquals(1, r.failures().size());
    assertEquals("y", r.failures().get(0).name());
    assertEquals(1, r.failures().get(0).index());
    assertTrue(r.components().get(0).passed());
    assertTrue(r.maxError() > 1e-4 && r.maxError() < 1e-2, r::toString);
    AssertionError e = assertThrows(AssertionError.class, r::assertOk);
    assertTrue(e.getMessage().contains("FAILED") && e.getMessage().contains("wrong: y"), e.getMessage());
    assertTrue(e.getMessage().contains("! y"), e.getMessage());

    // Without names, the component is named by its index.
    GradCheck.Report unnamed = GradCheck.check(GradCheckTest::f, wrong, 0.3, -1.2);
    assertTrue(unnamed.toString().contains("wrong: x[1]"), unnamed::toString);
    // A gradient of the wrong length is a usage error, not a report.
    assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(GradCheckTest::f, p -> new double[1], 0.3, -1.2));
  }

  @Test
  void nanNeverPasses() {
    // NaN in the gradient.
    GradCheck.Report r = GradCheck.check(GradCheckTest::f, p -> new double[] {Double.NaN, fGradient(p)[1]}, 1, 1);
    assertFalse(r.passed());
    assertTrue(Double.isNaN(r.maxError()));
    assertEquals(List.of(0), r.failures().stream().map(GradCheck.Component::index).toList());
    assertThrows(AssertionError.class, r::assertOk);
    // NaN in the finite difference: sqrt below zero, where the generated derivative is NaN too.
    GradCheck.Report both = GradCheck.check(
        p -> c.call(OWNER, "root", p[0]),
        p -> new double[] {Compiled.component(c.invoke(GRAD, "root", p[0]), "dX")},
        -1);
    assertFalse(both.passed(), both::toString);
    // A finite gradient against a NaN difference: sqrt at 0 steps below zero.
    GradCheck.Report fd = GradCheck.check(p -> c.call(OWNER, "root", p[0]), p -> new double[] {1e6}, 0);
    assertFalse(fd.passed(), fd::toString);
    assertTrue(Double.isNaN(fd.components().get(0).numeric()));
    // A NaN value at the point itself (a removable singularity computed as 0/0) fails too.
    GradCheck.Report atPoint = GradCheck.check(p -> p[0] == 0 ? Double.NaN : p[0], p -> new double[] {1}, 0);
    assertFalse(atPoint.passed(), atPoint::toString);
    assertTrue(Double.isNaN(atPoint.value()));
    // Infinity on one side is no pass either.
    assertFalse(GradCheck.check(p -> p[0], p -> new double[] {Double.POSITIVE_INFINITY}, 1).passed());
  }

  @Test
  void arrayParameter() {
    // g(a, w) over one point (a, w[0], w[1], ...): the adapter splits and joins it.
    double[] w0 = {0.5, -1.5, 2.0, 0.25};
    double[] point = new double[1 + w0.length];
    point[0] = 0.7;
    System.arraycopy(w0, 0, point, 1, w0.length);
    GradCheck.Objective g = p -> c.call(OWNER, "g", p[0], Arrays.copyOfRange(p, 1, p.length));
    GradCheck.Gradient record = p -> {
      Object r = c.invoke(GRAD, "g", p[0], Arrays.copyOfRange(p, 1, p.length));
      double[] out = new double[p.length];
      out[0] = Compiled.component(r, "dA");
      double[] dW = (double[]) invokeComponent(r, "dW");
      System.arraycopy(dW, 0, out, 1, dW.length);
      return out;
    };
    GradCheck.check(g, record, point).assertOk();

    GradCheck.Pullback pullback = (p, seed, adj) -> {
      double[] wAdj = new double[p.length - 1];
      double v = c.call(GRAD, "gPullback", p[0], Arrays.copyOfRange(p, 1, p.length), seed, adj, 0, wAdj);
      for (int i = 0; i < wAdj.length; i++) {
        adj[1 + i] += wAdj[i];
      }
      return v;
    };
    GradCheck.checkPullback(g, pullback, point).assertOk();

    // The array's adjoint off in one element: the report names w[2], point coordinate 3.
    String[] names = {"a", "w[0]", "w[1]", "w[2]", "w[3]"};
    GradCheck.Report r = GradCheck.options().names(names).check(g, p -> {
      double[] out = record.gradient(p);
      out[3] += 1e-3;
      return out;
    }, point);
    assertFalse(r.passed());
    assertEquals("w[2]", r.failures().get(0).name());
    assertTrue(r.toString().contains("wrong: w[2]"), r::toString);
  }

  @Test
  void stepsAreRelativeToTheCoordinate() {
    // f = 1e8 cos(x) + log(x) at x = 1e3: the step follows |x|, and the error scale is the
    // derivative's size.
    GradCheck.Report r = GradCheck.check(
        p -> c.call(OWNER, "big", p[0]),
        p -> new double[] {Compiled.component(c.invoke(GRAD, "big", p[0]), "dX")},
        1e3);
    r.assertOk();
    GradCheck.Component x = r.components().get(0);
    assertTrue(x.step() <= 1e3 * 1e-4, r::toString);
    // One fixed step of 1e-2 |x| cannot resolve cos at 1000.
    assertFalse(GradCheck.options().levels(1).check(
        p -> c.call(OWNER, "big", p[0]),
        p -> new double[] {Compiled.component(c.invoke(GRAD, "big", p[0]), "dX")},
        1e3).passed());
    // Near zero the step is absolute; a polynomial of degree 4 is exact at the largest step.
    GradCheck.Report quartic = GradCheck.check(p -> p[0] * p[0] * p[0] * p[0], p -> new double[] {4 * p[0] * p[0] * p[0]}, 0.0);
    assertEquals(0, quartic.maxError(), 1e-15, quartic::toString);
    // A function that writes into its point cannot disturb the check.
    GradCheck.check(p -> {
      double v = p[0] * p[1];
      p[0] = 99;
      return v;
    }, p -> {
      double[] g = {p[1], p[0]};
      p[1] = -7;
      return g;
    }, 2, 3).assertOk();
  }

  @Test
  void optionsAreValidatedAndImmutable() {
    GradCheck.Options o = GradCheck.options();
    GradCheck.Options tight = o.tolerance(0);
    assertThrows(IllegalArgumentException.class, () -> o.step(0));
    assertThrows(IllegalArgumentException.class, () -> o.step(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> o.tolerance(-1));
    assertThrows(IllegalArgumentException.class, () -> o.tolerance(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> o.levels(0));
    // The default options are unchanged by deriving others from them.
    GradCheck.Gradient off = p -> new double[] {2 * p[0] + 1e-9};
    assertTrue(o.check(p -> p[0] * p[0], off, 3).passed());
    assertFalse(tight.check(p -> p[0] * p[0], off, 3).passed());
    assertTrue(o.step(1e-2).check(p -> p[0] * p[0] * p[0], p -> new double[] {3 * p[0] * p[0]}, 2).passed());
  }

  private static Object invokeComponent(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
