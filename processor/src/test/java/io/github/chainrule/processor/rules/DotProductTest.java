package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.rules.RuleHarness.Fn;
import io.github.chainrule.processor.rules.RuleHarness.Param;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dot-product test of forward against reverse mode: for random points x, directions v and
 * output weights w, {@code <J v, w> = <v, J^T w>}, the left side from the tangent, the right side
 * from the pullback seeded with w, to 1e-12 relative to the size of the terms. The functions mix
 * branches, early returns, calls, reassignment and most Math functions, so that a wrong partial
 * in either mode shows, unless both modes are wrong alike; the directional finite-difference
 * check at the same points covers that case.
 */
class DotProductTest {
  private static final List<Fn> FNS = new ArrayList<>();
  private static final int TRIALS = 25;
  private static Compiled compiled;

  private static Fn fn(String signature, String body) {
    Fn f = new Fn("Dot", signature, body, null);
    FNS.add(f);
    return f;
  }

  static {
    fn(
        "double branchyMath(double x, double y, double z)",
        """
        double r = Math.hypot(x, y) + 1e-3;
          double s;
          if (x > y) { s = Math.sin(x * z) / r + Math.exp(-y * y); } else { s = Math.atan2(y, r) * Math.cosh(z / 3); }
          s += Math.log1p(x * x) * Math.tanh(y);
          return z < 0 ? s * Math.sqrt(1 + z * z) : s - Math.cbrt(z + 1) * Math.pow(r, 1.5);""");
    fn(
        "double manyFunctions(double a, double b, double c, double d)",
        """
        double u = Math.asin(Math.tanh(a)) + Math.acos(Math.tanh(b) * 0.5);
          double m = Math.max(a * b, c) - Math.min(c, d) + Math.abs(d - a);
          double f = Math.fma(u, m, Math.copySign(c, b));
          return Math.toDegrees(f) * 0.01 + Math.toRadians(d * m) + Math.expm1(Math.sin(c)) + Math.log10(1 + d * d)
              + Math.atan(a * d) + Math.sinh(b / 2) * Math.cos(c) - Math.tan(d / 4) + StrictMath.log(2 + Math.cos(a * c));""");
    fn("double g(double p, double q)", "p > q ? p * Math.exp(-q * q) : Math.log(1 + p * p) * q");
    fn("double h(double p, int n)", "n > 0 ? p * p * n : Math.sinh(p) + n");
    fn("double withCalls(double x, double y, double z)", "g(x, y) * g(y * z, x) + h(z, 2) + h(x - y, -1) + g(g(x, z), y)");
    fn(
        "double earlyReturns(double w, double x, double y, double z)",
        """
        double s = w * x - y;
          if (s > 1) {
            s = Math.sqrt(s);
            if (z > 0) return s * z + w;
            s -= z;
          } else if (s < -1) {
            return Math.exp(s / 4) * y + Math.signum(s) * z + Math.floor(w) * x;
          }
          s *= s + z;
          s /= 1 + x * x;
          return x > y ? s : -s * w;""");
    fn(
            "double restricted(double x, int n, double y, double z)",
            "Math.pow(Math.abs(x) + 1, y) * z + n * x * Math.rint(y) + Math.hypot(x, z) * y")
        .wrt("x", "z");
    fn(
        "double reassigned(double x, double y)",
        """
        double t = x;
          t = t * y + Math.sin(t);
          t = x > 0 ? t / (1 + y * y) : t * Math.cos(y);
          var u = t;
          u -= x;
          u *= u;
          t++;
          return u + t * y;""");
  }

  static Stream<Fn> functions() {
    return FNS.stream();
  }

  @BeforeAll
  static void compile() {
    compiled = RuleHarness.compileClean(Map.of("demo.Dot", RuleHarness.source("Dot", "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  /** A random point: doubles in [-2, 2], ints in [-3, 3]; seeded per function. */
  private static double[] point(Fn f, Random rnd) {
    double[] x = new double[f.params.size()];
    for (int i = 0; i < x.length; i++) {
      Param p = f.params.get(i);
      x[i] = p.type() == 'I' ? rnd.nextInt(7) - 3 : -2 + 4 * rnd.nextDouble();
    }
    return x;
  }

  private static double[] gaussian(int n, Random rnd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  private static Random random(Fn f) {
    return new Random(20240611L + f.api.hashCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void tangentAndPullbackAreAdjoint(Fn f) {
    Random rnd = random(f);
    int n = f.differentiable().size();
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] x = point(f, rnd);
      double[] v = gaussian(n, rnd);
      double w = rnd.nextGaussian();
      double jv = RuleHarness.tangent(compiled, f, x, v);
      double[] adj = new double[n + 3];
      RuleHarness.pullback(compiled, f, x, w, adj, 2);
      double vJtw = 0;
      double scale = Math.abs(jv * w);
      for (int i = 0; i < n; i++) {
        vJtw += v[i] * adj[i + 2];
        scale += Math.abs(v[i] * adj[i + 2]);
      }
      double lhs = jv * w;
      String where = String.format(Locale.ROOT, "%s trial %d at %s, v = %s, w = %s", f.api, trial, Arrays.toString(x), Arrays.toString(v), w);
      assertTrue(Double.isFinite(lhs) && Double.isFinite(vJtw), where + ": not finite: " + lhs + ", " + vJtw);
      double diff = Math.abs(lhs - vJtw);
      assertTrue(diff <= 1e-12 * scale, where + String.format(Locale.ROOT, ": <Jv, w> = %.17g, <v, J^T w> = %.17g, relative difference %.3g", lhs, vJtw, diff / scale));
      assertEquals(0.0, adj[0], 0.0, where + ": wrote below the offset");
      assertEquals(0.0, adj[1], 0.0, where + ": wrote below the offset");
      assertEquals(0.0, adj[n + 2], 0.0, where + ": wrote past the slots");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void tangentMatchesDirectionalFiniteDifference(Fn f) {
    Random rnd = random(f);
    int n = f.differentiable().size();
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] x = point(f, rnd);
      double[] v = gaussian(n, rnd);
      rnd.nextGaussian(); // w, as above: the same points and directions in both tests
      double jv = RuleHarness.tangent(compiled, f, x, v);
      double h = 0x1p-14;
      double[] fv = new double[4];
      double[] offsets = {-2, -1, 1, 2};
      double fmax = 0;
      for (int k = 0; k < 4; k++) {
        double[] q = x.clone();
        int j = 0;
        for (int i = 0; i < q.length; i++) {
          if (f.params.get(i).differentiable()) {
            q[i] += offsets[k] * h * v[j++];
          }
        }
        fv[k] = RuleHarness.primal(compiled, f, q);
        fmax = Math.max(fmax, Math.abs(fv[k]));
      }
      double fd = (fv[0] - 8 * fv[1] + 8 * fv[2] - fv[3]) / (12 * h);
      double tol = 1e-7 * Math.abs(fd) + 1e-13 * fmax / h;
      String where = String.format(Locale.ROOT, "%s trial %d at %s, v = %s", f.api, trial, Arrays.toString(x), Arrays.toString(v));
      assertTrue(Math.abs(fd - jv) <= tol, where + String.format(Locale.ROOT, ": tangent %.17g, finite difference %.17g", jv, fd));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void recordIsThePullbackWithSeedOne(Fn f) {
    Random rnd = random(f);
    int n = f.differentiable().size();
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] x = point(f, rnd);
      gaussian(n, rnd);
      rnd.nextGaussian();
      double[] g = RuleHarness.gradient(compiled, f, x);
      double[] adj = new double[n];
      double value = RuleHarness.pullback(compiled, f, x, 1.0, adj, 0);
      assertEquals(RuleHarness.primal(compiled, f, x), g[0], 0.0, f.api + " value at " + Arrays.toString(x));
      assertEquals(g[0], value, 0.0);
      for (int i = 0; i < n; i++) {
        // Each gradient component is also the tangent along a unit direction.
        double[] e = new double[n];
        e[i] = 1;
        double t = RuleHarness.tangent(compiled, f, x, e);
        assertEquals(adj[i], g[i + 1], 0.0, f.api + " record vs pullback at " + Arrays.toString(x));
        assertTrue(Math.abs(t - g[i + 1]) <= 1e-12 * Math.abs(g[i + 1]) + 1e-300, f.api + " tangent e_" + i + " = " + t + " vs gradient " + g[i + 1] + " at " + Arrays.toString(x));
      }
    }
  }
}
