package io.github.chainrule.processor.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.Tape;
import io.github.chainrule.processor.loops.LoopHarness.Case;
import io.github.chainrule.processor.loops.LoopHarness.Fn;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dot-product test of forward against reverse mode on programs with loops and arrays: for
 * random points, directions {@code v} over every differentiable scalar and array element, and
 * output weights {@code w}, {@code <J v, w> = <v, J^T w>}: the left side from the tangent, the
 * right side from the pullback seeded with {@code w}, to 1e-12 relative to the size of the terms.
 * A wrong partial in either mode shows, unless both are wrong alike; the tangent is also checked
 * against a directional five-point finite difference of the primal at the same points, and the
 * record against the pullback with seed 1.
 *
 * <p>Programs: a two-layer MLP with tanh, an RNN over a sequence with shared weights, an RK4
 * integrator of a forced damped oscillator, Rosenbrock in n dimensions, softmax cross-entropy with
 * the max trick, logistic regression over a batch, explicit heat-equation steps with swapped
 * buffers, and dot-product attention.
 */
class LoopDotProductTest {
  private static final int TRIALS = 10;
  private static final List<Model> MODELS = new ArrayList<>();
  private static final List<Fn> FNS = new ArrayList<>();
  private static Compiled compiled;

  /** A function and a generator of random points for it. */
  record Model(Fn fn, Function<Random, Object[]> point) {
    @Override
    public String toString() {
      return fn.method;
    }
  }

  private static void model(String signature, String body, Function<Random, Object[]> point) {
    Fn f = new Fn("Models", signature, body, null);
    FNS.add(f);
    MODELS.add(new Model(f, point));
  }

  private static double[] uniform(Random r, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * r.nextDouble();
    }
    return v;
  }

  private static double[][] uniform(Random r, int n, int m, double lo, double hi) {
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = uniform(r, m, lo, hi);
    }
    return a;
  }

  static {
    model(
        "double mlp(double[][] w1, double[] b1, double[][] w2, double[] b2, double[] x, double[] y)",
        """
        double[] h = new double[w1.length];
        for (int j = 0; j < w1.length; j++) {
          double z = b1[j];
          for (int i = 0; i < x.length; i++) {
            z += w1[j][i] * x[i];
          }
          h[j] = Math.tanh(z);
        }
        double loss = 0;
        for (int k = 0; k < w2.length; k++) {
          double o = b2[k];
          for (int j = 0; j < h.length; j++) {
            o += w2[k][j] * h[j];
          }
          double d = o - y[k];
          loss += 0.5 * d * d;
        }
        return loss;""",
        r -> new Object[] {uniform(r, 4, 3, -1, 1), uniform(r, 4, -0.5, 0.5), uniform(r, 2, 4, -1, 1), uniform(r, 2, -0.5, 0.5), uniform(r, 3, -2, 2), uniform(r, 2, -1, 1)});
    model(
        "double rnn(double[][] wxh, double[][] whh, double[] bh, double[][] xs, double[] h0)",
        """
        double[] h = h0.clone();
        double[] next = new double[h.length];
        double total = 0;
        for (double[] x : xs) {
          for (int j = 0; j < h.length; j++) {
            double z = bh[j];
            for (int i = 0; i < x.length; i++) {
              z += wxh[j][i] * x[i];
            }
            for (int i = 0; i < h.length; i++) {
              z += whh[j][i] * h[i];
            }
            next[j] = Math.tanh(z);
          }
          for (int j = 0; j < h.length; j++) {
            h[j] = next[j];
            total += h[j] * (j + 1);
          }
        }
        return total;""",
        r -> new Object[] {uniform(r, 3, 2, -1, 1), uniform(r, 3, 3, -0.8, 0.8), uniform(r, 3, -0.3, 0.3), uniform(r, 6, 2, -1, 1), uniform(r, 3, -0.5, 0.5)});
    model(
        "double rk4(double k, double c, double[] y0, double dt, int steps)",
        """
        double[] y = y0.clone();
        double[] k1 = new double[2];
        double[] k2 = new double[2];
        double[] k3 = new double[2];
        double[] k4 = new double[2];
        double[] tmp = new double[2];
        double t = 0;
        for (int n = 0; n < steps; n++) {
          k1[0] = y[1];
          k1[1] = -k * y[0] - c * y[1] + Math.sin(t);
          for (int i = 0; i < 2; i++) {
            tmp[i] = y[i] + 0.5 * dt * k1[i];
          }
          k2[0] = tmp[1];
          k2[1] = -k * tmp[0] - c * tmp[1] + Math.sin(t + 0.5 * dt);
          for (int i = 0; i < 2; i++) {
            tmp[i] = y[i] + 0.5 * dt * k2[i];
          }
          k3[0] = tmp[1];
          k3[1] = -k * tmp[0] - c * tmp[1] + Math.sin(t + 0.5 * dt);
          for (int i = 0; i < 2; i++) {
            tmp[i] = y[i] + dt * k3[i];
          }
          k4[0] = tmp[1];
          k4[1] = -k * tmp[0] - c * tmp[1] + Math.sin(t + dt);
          for (int i = 0; i < 2; i++) {
            y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
          }
          t += dt;
        }
        return y[0] * y[0] + y[1];""",
        r -> new Object[] {0.5 + 2 * r.nextDouble(), 0.1 + 0.5 * r.nextDouble(), uniform(r, 2, -1, 1), 0.05 + 0.1 * r.nextDouble(), 12});
    model(
        "double rosenbrock(double[] x)",
        """
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
          double a = x[i + 1] - x[i] * x[i];
          double b = 1 - x[i];
          s += 100 * a * a + b * b;
        }
        return s;""",
        r -> new Object[] {uniform(r, 7, -1.5, 1.5)});
    model(
        "double softmaxCrossEntropy(double[][] w, double[] x, int label)",
        """
        double[] z = new double[w.length];
        for (int k = 0; k < w.length; k++) {
          for (int i = 0; i < x.length; i++) {
            z[k] += w[k][i] * x[i];
          }
        }
        double m = z[0];
        for (int k = 1; k < z.length; k++) {
          if (z[k] > m) {
            m = z[k];
          }
        }
        double sum = 0;
        for (double e : z) {
          sum += Math.exp(e - m);
        }
        return m + Math.log(sum) - z[label];""",
        r -> new Object[] {uniform(r, 4, 3, -1.5, 1.5), uniform(r, 3, -2, 2), r.nextInt(4)});
    model(
        "double logistic(double[] w, double bias, double[][] xs, double[] ys, double lambda)",
        """
        double loss = 0;
        for (int n = 0; n < xs.length; n++) {
          double z = bias;
          for (int i = 0; i < w.length; i++) {
            z += w[i] * xs[n][i];
          }
          double p = 1 / (1 + Math.exp(-z));
          loss -= ys[n] * Math.log(p) + (1 - ys[n]) * Math.log(1 - p);
        }
        double reg = 0;
        for (double e : w) {
          reg += e * e;
        }
        return loss / xs.length + lambda * reg;""",
        r -> new Object[] {uniform(r, 3, -1, 1), r.nextDouble() - 0.5, uniform(r, 5, 3, -2, 2), uniform(r, 5, 0, 1), 0.01 + 0.1 * r.nextDouble()});
    model(
        "double heat(double[] u0, double alpha, int steps)",
        """
        double[] u = u0.clone();
        double[] v = new double[u.length];
        for (int s = 0; s < steps; s++) {
          v[0] = u[0];
          v[u.length - 1] = u[u.length - 1];
          for (int i = 1; i < u.length - 1; i++) {
            v[i] = u[i] + alpha * (u[i - 1] - 2 * u[i] + u[i + 1]);
          }
          double[] t = u;
          u = v;
          v = t;
        }
        double e = 0;
        for (int i = 0; i < u.length; i++) {
          e += u[i] * u[i] * Math.cos(i);
        }
        return e;""",
        r -> new Object[] {uniform(r, 6, -1, 1), 0.1 + 0.3 * r.nextDouble(), 5});
    model(
        "double attention(double[] q, double[][] keys, double[][] values)",
        """
        int n = keys.length;
        double[] score = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) {
          for (int i = 0; i < q.length; i++) {
            score[t] += q[i] * keys[t][i];
          }
          max = Math.max(max, score[t]);
        }
        double norm = 0;
        for (int t = 0; t < n; t++) {
          score[t] = Math.exp(score[t] - max);
          norm += score[t];
        }
        double out = 0;
        for (int t = 0; t < n; t++) {
          for (int i = 0; i < values[t].length; i++) {
            out += score[t] / norm * values[t][i] * (i + 1);
          }
        }
        return out;""",
        r -> new Object[] {uniform(r, 3, -1, 1), uniform(r, 4, 3, -1, 1), uniform(r, 4, 2, -1, 1)});
  }

  static Stream<Model> models() {
    return MODELS.stream();
  }

  @BeforeAll
  static void compile() {
    compiled = LoopHarness.compileClean(Map.of("demo.Models", LoopHarness.source("Models", "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  private static Random random(Model m) {
    return new Random(20240611L + m.fn.method.hashCode());
  }

  private static double[] gaussian(int n, Random rnd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  private static String where(Model m, int trial, Object[] x) {
    return String.format(Locale.ROOT, "%s trial %d at %s", m.fn.method, trial, Arrays.deepToString(x));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void tangentAndPullbackAreAdjoint(Model m) {
    Random rnd = random(m);
    Fn f = m.fn;
    int scalars = f.scalarDifferentiable().size();
    for (int trial = 0; trial < TRIALS; trial++) {
      Object[] x = m.point.apply(rnd);
      Case k = new Case(f, "trial " + trial, x);
      Object[] copy = LoopHarness.deepCopy(k.args);
      int n = LoopHarness.slots(f, k.args).size();
      double[] v = gaussian(n, rnd);
      double w = rnd.nextGaussian();
      String where = where(m, trial, k.args);

      double jv = LoopHarness.tangent(compiled, f, k.args, LoopHarness.unflatten(f, k.args, v));
      double[] adj = new double[scalars + 3];
      Object[] arrayAdj = LoopHarness.arrayAdjoints(k, new double[n]);
      LoopHarness.pullback(compiled, f, k.args, w, adj, 2, arrayAdj, null);
      assertTrue(Tape.forThread().isEmpty(), where + ": tape not empty after the pullback");
      LoopHarness.assertUnchanged(where, copy, k.args);
      double[] jtw = LoopHarness.collect(k, adj, 2, arrayAdj);

      double lhs = jv * w;
      double rhs = 0;
      double scale = Math.abs(lhs);
      for (int i = 0; i < n; i++) {
        rhs += v[i] * jtw[i];
        scale += Math.abs(v[i] * jtw[i]);
      }
      assertTrue(Double.isFinite(lhs) && Double.isFinite(rhs), where + ": not finite: " + lhs + ", " + rhs);
      double diff = Math.abs(lhs - rhs);
      assertTrue(
          diff <= 1e-12 * scale,
          where + String.format(Locale.ROOT, ": <Jv, w> = %.17g, <v, J^T w> = %.17g, relative difference %.3g", lhs, rhs, diff / scale));
      assertEquals(0.0, adj[0], 0.0, where + ": wrote below the offset");
      assertEquals(0.0, adj[1], 0.0, where + ": wrote below the offset");
      assertEquals(0.0, adj[scalars + 2], 0.0, where + ": wrote past the slots");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void tangentMatchesDirectionalFiniteDifference(Model m) {
    Random rnd = random(m);
    Fn f = m.fn;
    for (int trial = 0; trial < TRIALS; trial++) {
      Object[] x = m.point.apply(rnd);
      Case k = new Case(f, "trial " + trial, x);
      List<LoopHarness.Slot> slots = LoopHarness.slots(f, k.args);
      double[] v = gaussian(slots.size(), rnd);
      rnd.nextGaussian(); // w, as above: the same points and directions in both tests
      double jv = LoopHarness.tangent(compiled, f, k.args, LoopHarness.unflatten(f, k.args, v));
      double h = 0x1p-14;
      double[] fv = new double[4];
      double[] offsets = {-2, -1, 1, 2};
      double fmax = 0;
      for (int o = 0; o < 4; o++) {
        Object[] q = LoopHarness.deepCopy(k.args);
        for (int i = 0; i < slots.size(); i++) {
          LoopHarness.set(f, q, slots.get(i), LoopHarness.get(k.args, slots.get(i)) + offsets[o] * h * v[i]);
        }
        fv[o] = LoopHarness.primal(compiled, f, q);
        fmax = Math.max(fmax, Math.abs(fv[o]));
      }
      double fd = (fv[0] - 8 * fv[1] + 8 * fv[2] - fv[3]) / (12 * h);
      double tol = 1e-6 * Math.abs(fd) + 1e-12 * fmax / h;
      assertTrue(
          Math.abs(fd - jv) <= tol,
          where(m, trial, k.args) + String.format(Locale.ROOT, ": tangent %.17g, finite difference %.17g, v = %s", jv, fd, Arrays.toString(v)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void recordIsThePullbackWithSeedOne(Model m) {
    Random rnd = random(m);
    Fn f = m.fn;
    for (int trial = 0; trial < 3; trial++) {
      Case k = new Case(f, "trial " + trial, m.point.apply(rnd));
      int n = LoopHarness.slots(f, k.args).size();
      double[] g = LoopHarness.gradient(compiled, f, k.args);
      double[] adj = new double[f.scalarDifferentiable().size()];
      Object[] arrayAdj = LoopHarness.arrayAdjoints(k, new double[n]);
      double value = LoopHarness.pullback(compiled, f, k.args, 1.0, adj, 0, arrayAdj, new Tape());
      double[] p = LoopHarness.collect(k, adj, 0, arrayAdj);
      String where = where(m, trial, k.args);
      assertEquals(LoopHarness.primal(compiled, f, k.args), g[0], 0.0, where + ": record value");
      assertEquals(g[0], value, 0.0, where + ": pullback value");
      for (int i = 0; i < n; i++) {
        assertEquals(p[i], g[i + 1], 0.0, where + ": partial " + i);
      }
    }
  }
}
