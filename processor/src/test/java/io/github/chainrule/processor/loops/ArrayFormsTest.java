package io.github.chainrule.processor.loops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.Tape;
import io.github.chainrule.processor.loops.LoopHarness.Case;
import io.github.chainrule.processor.loops.LoopHarness.Fn;
import io.github.chainrule.processor.loops.LoopHarness.In;
import io.github.chainrule.processor.loops.LoopHarness.Ref;
import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrays: 1-D and 2-D parameters (double and float, ragged rows), local arrays ({@code new
 * double[n]}, {@code new double[n][m]}, initializers, {@code clone()}) overwritten in place many
 * times, compound element assignment, row aliases (reading a parameter's rows, writing a local
 * matrix through them), array variables swapped in a loop, arrays passed to other
 * {@code @Differentiable} methods (same class and another class; local arrays, rows, the same
 * array twice, an array changed between two calls), {@code static final} arrays as constant data,
 * {@code int[]} index arrays with repeated indices (gather and scatter-add), {@code long[]} and
 * {@code boolean[]} constants, and {@code wrt} over arrays.
 *
 * <p>The harness checks on every call that the caller's arrays are unchanged and the tape empty,
 * and calls the pullbacks with null adjoint arrays too. References: Hipparchus evaluations of the
 * same programs, written by hand, and five-point finite differences.
 */
class ArrayFormsTest {
  private static final List<Fn> FNS = new ArrayList<>();
  private static final List<Case> CASES = new ArrayList<>();
  private static Compiled compiled;

  /**
   * The methods that reassign array variables, each compiled on its own, so that a processor that
   * rejects one of them fails its cases and {@link #arrayAliasesCompile()} only.
   */
  private static final Map<Fn, Compiled> ALIASES = new LinkedHashMap<>();

  private static final String MEMBERS =
      """
        static final double[] C = {0.5, -1.25, 2.0};
        static final double[][] K = {{1.0, 2.0}, {3.0, 4.0}, {-1.0, 0.5}};
        static final int[] P = {2, 0, 1};
      """;

  private static Fn fn(String signature, String body, Ref ref) {
    return add(new Fn("ArrayForms", signature, body, ref));
  }

  private static Fn kernel(String signature, String body, Ref ref) {
    return add(new Fn("Kernels", signature, body, ref));
  }

  /** A method whose array variables are reassigned: compiled on its own (see {@link #aliases}). */
  private static Fn alias(String signature, String body, Ref ref) {
    return add(new Fn("ArrayAliases", signature, body, ref));
  }

  private static Fn add(Fn f) {
    FNS.add(f);
    return f;
  }

  private static Case at(Fn f, String label, Object... args) {
    Case k = new Case(f, label, args);
    CASES.add(k);
    return k;
  }

  private static double[] vec(double... v) {
    return v;
  }

  private static double[][] mat(double[]... rows) {
    return rows;
  }

  private static double v(DerivativeStructure d) {
    return d.getValue();
  }

  // ---- Reference programs of the callees, reused by the callers' references -------------------

  static DerivativeStructure dot(In in, DerivativeStructure[] a, DerivativeStructure[] b) {
    DerivativeStructure s = in.c(0);
    for (int i = 0; i < a.length; i++) {
      s = s.add(a[i].multiply(b[i]));
    }
    return s;
  }

  static DerivativeStructure norm2(In in, DerivativeStructure[] v) {
    DerivativeStructure s = in.c(0);
    for (DerivativeStructure e : v) {
      s = s.add(e.multiply(e));
    }
    return s.sqrt();
  }

  static DerivativeStructure sumSinRow(In in, DerivativeStructure[][] m, int r) {
    DerivativeStructure s = in.c(0);
    for (DerivativeStructure e : m[r]) {
      s = s.add(e.sin());
    }
    return s;
  }

  // ---- Callees --------------------------------------------------------------------------------

  static final Fn DOT =
      fn(
          "double dot(double[] a, double[] b)",
          """
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;""",
          in -> dot(in, in.v("a"), in.v("b")));

  static final Fn NORM2 =
      kernel(
          "double norm2(double[] v)",
          """
          double s = 0;
          for (double e : v) {
            s += e * e;
          }
          return Math.sqrt(s);""",
          in -> norm2(in, in.v("v")));

  static final Fn SUM_SIN_ROW =
      kernel(
          "double sumSinRow(double[][] m, int r)",
          """
          double s = 0;
          for (double e : m[r]) {
            s += Math.sin(e);
          }
          return s;""",
          in -> sumSinRow(in, in.m("m"), in.i("r")));

  static final Fn USES_CALLEES =
      fn(
          "double usesCallees(double[] w, double[][] m, double x)",
          """
          double[] h = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            h[i] = w[i] * x;
          }
          double s = dot(w, h);
          s += Kernels.norm2(w);
          for (int i = 0; i < m.length; i++) {
            s += dot(m[i], w) * Kernels.norm2(m[i]);
          }
          s += dot(w, w) * x;
          s += Kernels.sumSinRow(m, 1);
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] h = new DerivativeStructure[w.length];
            for (int i = 0; i < w.length; i++) {
              h[i] = w[i].multiply(x);
            }
            DerivativeStructure s = dot(in, w, h);
            s = s.add(norm2(in, w));
            for (int i = 0; i < m.length; i++) {
              s = s.add(dot(in, m[i], w).multiply(norm2(in, m[i])));
            }
            s = s.add(dot(in, w, w).multiply(x));
            return s.add(sumSinRow(in, m, 1));
          });

  static final Fn CALLEE_AFTER_OVERWRITE =
      fn(
          "double calleeAfterOverwrite(double[] w, double x)",
          """
          double[] h = w.clone();
          double s = 0;
          for (int k = 0; k < 3; k++) {
            s += dot(h, w) * x;
            for (int i = 0; i < h.length; i++) {
              h[i] = Math.sin(h[i] * x);
            }
          }
          return s + Kernels.norm2(h);""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] h = w.clone();
            DerivativeStructure s = in.c(0);
            for (int k = 0; k < 3; k++) {
              s = s.add(dot(in, h, w).multiply(x));
              for (int i = 0; i < h.length; i++) {
                h[i] = h[i].multiply(x).sin();
              }
            }
            return s.add(norm2(in, h));
          });

  static final Fn CALLEE_THEN_STORE =
      fn(
          "double calleeThenStore(double[] w)",
          """
          double[] h = w.clone();
          double s = dot(h, h);
          h[0] = 3 * h[0];
          return s + h[0];""",
          in -> {
            DerivativeStructure[] h = in.v("w").clone();
            DerivativeStructure s = dot(in, h, h);
            h[0] = h[0].multiply(3);
            return s.add(h[0]);
          });

  static final Fn AFFINE_SQ =
      kernel(
          "double affineSq(double[] v, double a, int skip)",
          """
          double s = 0;
          for (int i = skip; i < v.length; i++) {
            double e = a * v[i] + 1;
            s += e * e;
          }
          return s;""",
          in -> affineSq(in, in.v("v"), in.d("a"), in.i("skip")));

  static DerivativeStructure affineSq(In in, DerivativeStructure[] v, DerivativeStructure a, int skip) {
    DerivativeStructure s = in.c(0);
    for (int i = skip; i < v.length; i++) {
      DerivativeStructure e = a.multiply(v[i]).add(1);
      s = s.add(e.multiply(e));
    }
    return s;
  }

  static final Fn CALLEE_IN_LOOP =
      fn(
          "double calleeInLoop(double[][] m, double x)",
          """
          double s = x;
          for (int i = 0; i < m.length; i++) {
            s = Math.sin(s) + Kernels.affineSq(m[i], s, i % 2) * 0.1;
          }
          return s;""",
          in -> {
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure s = in.d("x");
            for (int i = 0; i < m.length; i++) {
              s = s.sin().add(affineSq(in, m[i], s, i % 2).multiply(0.1));
            }
            return s;
          });

  static final Fn LOCAL_ROWS_TO_CALLEES =
      fn(
          "double localRowsToCallees(double[] w, double x)",
          """
          double[][] a = new double[2][w.length];
          for (int i = 0; i < w.length; i++) {
            a[0][i] = w[i] * x;
            a[1][i] = Math.cos(w[i]) + x;
          }
          return dot(a[0], a[1]) + Kernels.norm2(a[1]) + Kernels.sumSinRow(a, 0);""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[][] a = in.zeros(2, w.length);
            for (int i = 0; i < w.length; i++) {
              a[0][i] = w[i].multiply(x);
              a[1][i] = w[i].cos().add(x);
            }
            return dot(in, a[0], a[1]).add(norm2(in, a[1])).add(sumSinRow(in, a, 0));
          });

  static final Fn REASSIGNED_ARRAY_IN_BRANCH =
      alias(
          "double reassignedArrayInBranch(double[] w, double x)",
          """
          double[] h = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            h[i] = w[i] * w[i];
          }
          double[] a = w;
          double s = 0;
          for (int k = 0; k < 5; k++) {
            s = s * x + a[k % a.length];
            if (k % 2 == 0) {
              a = h;
            } else {
              a = w;
            }
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] h = new DerivativeStructure[w.length];
            for (int i = 0; i < w.length; i++) {
              h[i] = w[i].multiply(w[i]);
            }
            DerivativeStructure[] a = w;
            DerivativeStructure s = in.c(0);
            for (int k = 0; k < 5; k++) {
              s = s.multiply(x).add(a[k % a.length]);
              a = k % 2 == 0 ? h : w;
            }
            return s;
          });

  static final Fn FLOAT_LOCAL =
      fn(
          "float floatLocal(float[] a, float x)",
          """
          float[] f = new float[a.length];
          for (int i = 0; i < a.length; i++) {
            f[i] = a[i] * x;
            if (i > 0) {
              f[i] += f[i - 1] * 0.5f;
            }
          }
          float s = 0;
          for (float e : f) {
            s += e * e;
          }
          return s;""",
          in -> {
            DerivativeStructure[] a = in.v("a");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] f = new DerivativeStructure[a.length];
            for (int i = 0; i < a.length; i++) {
              f[i] = a[i].multiply(x);
              if (i > 0) {
                f[i] = f[i].add(f[i - 1].multiply(0.5));
              }
            }
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure e : f) {
              s = s.add(e.multiply(e));
            }
            return s;
          });

  static final Fn CALLEE_IN_CONDITION =
      fn(
          "double calleeInCondition(double[] w, double x)",
          """
          double[] v = w.clone();
          int k = 0;
          while (Kernels.norm2(v) > x && k < 10) {
            for (int i = 0; i < v.length; i++) {
              v[i] *= 0.5 + 0.1 * v[i];
            }
            k++;
          }
          return dot(v, w) + k;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure[] v = w.clone();
            int k = 0;
            while (v(norm2(in, v)) > v(in.d("x")) && k < 10) {
              in.tick("iter");
              for (int i = 0; i < v.length; i++) {
                v[i] = v[i].multiply(v[i].multiply(0.1).add(0.5));
              }
              k++;
            }
            return dot(in, v, w).add(k);
          });

  static final Fn FOR_EACH_SEES_WRITES =
      fn(
          "double forEachSeesWrites(double[] w, double x)",
          """
          double[] h = w.clone();
          double s = 0;
          int i = 0;
          for (double e : h) {
            s += e * x;
            if (i + 1 < h.length) {
              h[i + 1] += e * e;
            }
            i++;
          }
          return s + h[h.length - 1];""",
          in -> {
            DerivativeStructure[] h = in.v("w").clone();
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < h.length; i++) {
              DerivativeStructure e = h[i];
              s = s.add(e.multiply(x));
              if (i + 1 < h.length) {
                h[i + 1] = h[i + 1].add(e.multiply(e));
              }
            }
            return s.add(h[h.length - 1]);
          });

  static final Fn CONTRACT_EXAMPLE =
      fn(
          "double f(double[] w, double[][] m, double x, int n)",
          """
          double s = x;
          for (int i = 0; i < n; i++) {
            s = s * w[i] + m[i][i % m[i].length] * x;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            for (int i = 0; i < in.i("n"); i++) {
              s = s.multiply(w[i]).add(m[i][i % m[i].length].multiply(x));
            }
            return s;
          });

  // ---- Local arrays ----------------------------------------------------------------------------

  static final Fn MAT_VEC =
      fn(
          "double matVec(double[][] w, double[] x, double[] b)",
          """
          int n = w.length;
          double[] h = new double[n];
          for (int j = 0; j < n; j++) {
            h[j] = b[j];
            for (int i = 0; i < x.length; i++) {
              h[j] += w[j][i] * x[i];
            }
          }
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += Math.tanh(h[j]) * (j + 1);
          }
          return s;""",
          in -> {
            DerivativeStructure[][] w = in.m("w");
            DerivativeStructure[] x = in.v("x");
            DerivativeStructure[] b = in.v("b");
            DerivativeStructure s = in.c(0);
            for (int j = 0; j < w.length; j++) {
              DerivativeStructure h = b[j];
              for (int i = 0; i < x.length; i++) {
                h = h.add(w[j][i].multiply(x[i]));
              }
              s = s.add(h.tanh().multiply(j + 1));
            }
            return s;
          });

  static final Fn COMPOUND_OPS =
      fn(
          "double compoundOps(double[] w, double x)",
          """
          double[] a = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            a[i] = w[i];
            a[i] *= x;
            a[i] -= w[i] * w[i];
            a[i] /= 1 + x * x;
            a[i]++;
            a[i] += i;
          }
          if (a.length > 1) {
            a[1]--;
            a[a.length - 1] *= a[0];
          }
          double s = 0;
          for (double v : a) {
            s += v * v;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] a = new DerivativeStructure[w.length];
            for (int i = 0; i < w.length; i++) {
              a[i] = w[i];
              a[i] = a[i].multiply(x);
              a[i] = a[i].subtract(w[i].multiply(w[i]));
              a[i] = a[i].divide(x.multiply(x).add(1));
              a[i] = a[i].add(1);
              a[i] = a[i].add(i);
            }
            if (a.length > 1) {
              a[1] = a[1].subtract(1);
              a[a.length - 1] = a[a.length - 1].multiply(a[0]);
            }
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure e : a) {
              s = s.add(e.multiply(e));
            }
            return s;
          });

  static final Fn HORNER_IN_ELEMENT =
      fn(
          "double hornerInElement(double[] w, double x)",
          """
          double[] acc = {0};
          for (int i = 0; i < w.length; i++) {
            acc[0] = acc[0] * x + w[i];
          }
          return acc[0];""",
          in -> {
            DerivativeStructure acc = in.c(0);
            for (DerivativeStructure e : in.v("w")) {
              acc = acc.multiply(in.d("x")).add(e);
            }
            return acc;
          });

  static final Fn SMOOTH_IN_PLACE =
      fn(
          "double smoothInPlace(double[] w, double x, int sweeps)",
          """
          double[] u = new double[w.length + 2];
          for (int i = 0; i < w.length; i++) {
            u[i + 1] = w[i];
          }
          u[0] = x;
          u[u.length - 1] = -x;
          for (int k = 0; k < sweeps; k++) {
            for (int i = 1; i < u.length - 1; i++) {
              u[i] = 0.5 * (u[i - 1] + u[i + 1]) + 0.1 * Math.sin(u[i]);
            }
          }
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * u[i] * (i + 1);
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] u = in.zeros(w.length + 2);
            for (int i = 0; i < w.length; i++) {
              u[i + 1] = w[i];
            }
            u[0] = x;
            u[u.length - 1] = x.negate();
            for (int k = 0; k < in.i("sweeps"); k++) {
              for (int i = 1; i < u.length - 1; i++) {
                in.tick("update");
                u[i] = u[i - 1].add(u[i + 1]).multiply(0.5).add(u[i].sin().multiply(0.1));
              }
            }
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < u.length; i++) {
              s = s.add(u[i].multiply(u[i]).multiply(i + 1));
            }
            return s;
          });

  static final Fn CLONE_THEN_MODIFY =
      fn(
          "double cloneThenModify(double[] w, double x)",
          """
          double[] c = w.clone();
          c[0] = c[0] * x;
          for (int i = 1; i < c.length; i++) {
            c[i] += c[i - 1] * x;
          }
          double[] d = c.clone();
          for (int i = 0; i < d.length; i++) {
            d[i] = Math.exp(-d[i] * d[i]);
          }
          return c[c.length - 1] + d[0] * w[0] + d[d.length - 1] + c[0];""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] c = w.clone();
            c[0] = c[0].multiply(x);
            for (int i = 1; i < c.length; i++) {
              c[i] = c[i].add(c[i - 1].multiply(x));
            }
            DerivativeStructure[] d = c.clone();
            for (int i = 0; i < d.length; i++) {
              d[i] = d[i].multiply(d[i]).negate().exp();
            }
            return c[c.length - 1].add(d[0].multiply(w[0])).add(d[d.length - 1]).add(c[0]);
          });

  static final Fn ROW_ALIASES =
      fn(
          "double rowAliases(double[][] m, double[] v)",
          """
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            for (int j = 0; j < row.length; j++) {
              s += row[j] * v[j] * row[j];
            }
          }
          double[][] a = new double[m.length][v.length];
          for (int i = 0; i < a.length; i++) {
            double[] r = a[i];
            for (int j = 0; j < r.length; j++) {
              r[j] = v[j] * (i + 1) + s;
            }
            r[0] *= v[0];
          }
          for (int i = 0; i < a.length; i++) {
            s += a[i][0] * a[i][a[i].length - 1];
          }
          return s;""",
          in -> {
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure[] v = in.v("v");
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure[] row : m) {
              for (int j = 0; j < row.length; j++) {
                s = s.add(row[j].multiply(v[j]).multiply(row[j]));
              }
            }
            DerivativeStructure[][] a = in.zeros(m.length, v.length);
            for (int i = 0; i < a.length; i++) {
              DerivativeStructure[] r = a[i];
              for (int j = 0; j < r.length; j++) {
                r[j] = v[j].multiply(i + 1).add(s);
              }
              r[0] = r[0].multiply(v[0]);
            }
            for (int i = 0; i < a.length; i++) {
              s = s.add(a[i][0].multiply(a[i][a[i].length - 1]));
            }
            return s;
          });

  static final Fn LOCAL_MATRIX =
      fn(
          "double localMatrix(double[] x, int n)",
          """
          double[][] a = new double[n][x.length];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < x.length; j++) {
              a[i][j] = x[j] * (i + 1);
              if (i > 0) {
                a[i][j] += a[i - 1][j] * x[j];
              }
            }
          }
          double s = 0;
          for (double[] row : a) {
            for (double e : row) {
              s += e;
            }
          }
          return s;""",
          in -> {
            DerivativeStructure[] x = in.v("x");
            int n = in.i("n");
            DerivativeStructure[][] a = in.zeros(n, x.length);
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < x.length; j++) {
                a[i][j] = x[j].multiply(i + 1);
                if (i > 0) {
                  a[i][j] = a[i][j].add(a[i - 1][j].multiply(x[j]));
                }
              }
            }
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure[] row : a) {
              for (DerivativeStructure e : row) {
                s = s.add(e);
              }
            }
            return s;
          });

  static final Fn INITIALIZERS =
      fn(
          "double initializers(double x, double y)",
          """
          double[] p = {x, y, x * y};
          double[][] q = new double[2][2];
          q[0][0] = x;
          q[0][1] = 1;
          q[1][0] = y * y;
          q[1][1] = x - y;
          double s = 0;
          for (int i = 0; i < p.length; i++) {
            s += p[i] * q[i % 2][i % 2];
          }
          p[1] = p[0] + p[2];
          q[0][1] = s;
          double[] r = {s, p[1] * 2, -1};
          return s + p[1] * q[1][0] + q[0][1] * x + r[0] * r[1] + r[2];""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = in.d("y");
            DerivativeStructure[] p = {x, y, x.multiply(y)};
            DerivativeStructure[][] q = {{x, in.c(1)}, {y.multiply(y), x.subtract(y)}};
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < p.length; i++) {
              s = s.add(p[i].multiply(q[i % 2][i % 2]));
            }
            p[1] = p[0].add(p[2]);
            q[0][1] = s;
            DerivativeStructure[] r = {s, p[1].multiply(2), in.c(-1)};
            return s.add(p[1].multiply(q[1][0])).add(q[0][1].multiply(x)).add(r[0].multiply(r[1])).add(r[2]);
          });

  static final Fn SWAP_BUFFERS =
      alias(
          "double swapBuffers(double[] w, double x, int steps)",
          """
          double[] cur = w.clone();
          double[] next = new double[w.length];
          for (int k = 0; k < steps; k++) {
            for (int i = 0; i < cur.length; i++) {
              double left = i > 0 ? cur[i - 1] : x;
              next[i] = 0.5 * (cur[i] + left) + 0.1 * cur[i] * cur[i];
            }
            double[] t = cur;
            cur = next;
            next = t;
          }
          double s = 0;
          for (double e : cur) {
            s += e;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure[] cur = w.clone();
            DerivativeStructure[] next = in.zeros(w.length);
            for (int k = 0; k < in.i("steps"); k++) {
              for (int i = 0; i < cur.length; i++) {
                DerivativeStructure left = i > 0 ? cur[i - 1] : x;
                next[i] = cur[i].add(left).multiply(0.5).add(cur[i].multiply(cur[i]).multiply(0.1));
              }
              DerivativeStructure[] t = cur;
              cur = next;
              next = t;
            }
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure e : cur) {
              s = s.add(e);
            }
            return s;
          });

  // ---- Constant data ---------------------------------------------------------------------------

  static final Fn STATIC_DATA =
      fn(
          "double staticData(double[] w, double x)",
          """
          double s = 0;
          for (int i = 0; i < C.length; i++) {
            s += C[i] * w[P[i]] + K[i][0] * w[i] * x + K[i][1];
          }
          return s * x;""",
          in -> {
            double[] c = {0.5, -1.25, 2.0};
            double[][] k = {{1.0, 2.0}, {3.0, 4.0}, {-1.0, 0.5}};
            int[] p = {2, 0, 1};
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < c.length; i++) {
              s = s.add(w[p[i]].multiply(c[i])).add(w[i].multiply(x).multiply(k[i][0])).add(k[i][1]);
            }
            return s.multiply(x);
          });

  static final Fn INDEX_ARRAYS =
      fn(
          "double indexArrays(double[] w, int[] idx, double x)",
          """
          double s = 0;
          for (int k = 0; k < idx.length; k++) {
            s += w[idx[k]] * w[idx[(k + 1) % idx.length]] * x;
          }
          double[] g = new double[w.length];
          for (int k = 0; k < idx.length; k++) {
            g[idx[k]] += x * (k + 1);
          }
          for (int i = 0; i < g.length; i++) {
            s += g[i] * w[i];
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            int[] idx = in.ints("idx");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            for (int k = 0; k < idx.length; k++) {
              s = s.add(w[idx[k]].multiply(w[idx[(k + 1) % idx.length]]).multiply(x));
            }
            DerivativeStructure[] g = in.zeros(w.length);
            for (int k = 0; k < idx.length; k++) {
              g[idx[k]] = g[idx[k]].add(x.multiply(k + 1));
            }
            for (int i = 0; i < g.length; i++) {
              s = s.add(g[i].multiply(w[i]));
            }
            return s;
          });

  static final Fn CONSTANT_ARRAYS =
      fn(
          "double constantArrays(double[] w, long[] scale, boolean[] mask)",
          """
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            if (mask[i]) {
              s += w[i] * scale[i];
            } else {
              s -= Math.cos(w[i]) / scale[i];
            }
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            long[] scale = in.longs("scale");
            boolean[] mask = in.bools("mask");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < w.length; i++) {
              s = mask[i] ? s.add(w[i].multiply(scale[i])) : s.subtract(w[i].cos().divide(scale[i]));
            }
            return s;
          });

  static final Fn WRT_ARRAYS =
      fn(
              "double wrtArrays(double[] w, double[] c, double[][] m, double x, double y)",
              """
              double s = y;
              for (int i = 0; i < w.length; i++) {
                s += w[i] * c[i] * x + m[i][0] * w[i] * y;
              }
              return s * s;""",
              in -> {
                DerivativeStructure[] w = in.v("w");
                DerivativeStructure[] c = in.v("c");
                DerivativeStructure[][] m = in.m("m");
                DerivativeStructure x = in.d("x");
                DerivativeStructure y = in.d("y");
                DerivativeStructure s = y;
                for (int i = 0; i < w.length; i++) {
                  s = s.add(w[i].multiply(c[i]).multiply(x)).add(m[i][0].multiply(w[i]).multiply(y));
                }
                return s.multiply(s);
              })
          .wrt("w", "x");

  // ---- float -----------------------------------------------------------------------------------

  static final Fn FLOAT_ARRAYS =
      fn(
          "float floatArrays(float[] a, float[][] m, float s)",
          """
          float t = s;
          for (int i = 0; i < m.length; i++) {
            float r = 0;
            for (int j = 0; j < a.length; j++) {
              r += m[i][j] * a[j];
            }
            t += r * r * s;
          }
          float[] c = a.clone();
          c[0] *= t;
          return t + c[0];""",
          in -> {
            DerivativeStructure[] a = in.v("a");
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure s = in.d("s");
            DerivativeStructure t = s;
            for (DerivativeStructure[] row : m) {
              DerivativeStructure r = in.c(0);
              for (int j = 0; j < a.length; j++) {
                r = r.add(row[j].multiply(a[j]));
              }
              t = t.add(r.multiply(r).multiply(s));
            }
            return t.add(a[0].multiply(t));
          });

  static final Fn FLOAT_TO_DOUBLE =
      fn(
          "double floatToDouble(float[] a, double x)",
          """
          double s = 0;
          for (float e : a) {
            s = s * x + e;
          }
          return s;""",
          in -> {
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure e : in.v("a")) {
              s = s.multiply(in.d("x")).add(e);
            }
            return s;
          });

  // ---- Cases ---------------------------------------------------------------------------------

  static {
    double[] w4 = {0.9, -0.4, 1.3, 0.7};
    double[][] m3x4 = mat(vec(0.2, -0.5, 0.1, 0.3), vec(0.6, 0.4, -0.2, 0.8), vec(-0.3, 0.7, 0.5, -0.1));

    at(DOT, "3", vec(0.5, -1, 2), vec(1.5, 0.25, -0.75));
    at(DOT, "empty", vec(), vec());
    at(NORM2, "4", w4);
    at(SUM_SIN_ROW, "row 1", m3x4, 1);
    at(SUM_SIN_ROW, "ragged, row 0", mat(vec(0.3, 0.6), vec(1.5)), 0);

    at(USES_CALLEES, "4, 3x4", w4, m3x4, 0.6);
    at(USES_CALLEES, "2, ragged 2 rows", vec(0.5, -1.5), mat(vec(1.0, 0.5), vec(-0.5)), -0.4);
    at(CALLEE_AFTER_OVERWRITE, "4", w4, 0.8);
    // (Not empty: norm2 of nothing is sqrt(0), whose derivative Hipparchus makes NaN.)
    at(CALLEE_AFTER_OVERWRITE, "1", vec(-1.1), 0.8);

    at(CALLEE_THEN_STORE, "2", vec(2.0, -0.5));
    at(AFFINE_SQ, "skip 1", vec(0.5, -1.5, 2.0), 0.7, 1);
    at(CALLEE_IN_LOOP, "3 rows", m3x4, 0.4);
    at(CALLEE_IN_LOOP, "no rows", new double[0][], 0.4);

    at(LOCAL_ROWS_TO_CALLEES, "3", vec(0.5, -1.0, 2.0), 0.3);
    at(REASSIGNED_ARRAY_IN_BRANCH, "3", vec(0.5, -1.0, 2.0), 0.6);
    at(FLOAT_LOCAL, "3", vec(0.5, -1.0, 2.0), 0.75);

    at(CALLEE_IN_CONDITION, "3 halvings", vec(1.5, -2.0, 0.5), 0.6).trips("iter", 3);
    at(CALLEE_IN_CONDITION, "none", vec(0.1, -0.2), 0.6).trips("iter", 0);
    at(FOR_EACH_SEES_WRITES, "4", vec(0.5, -0.25, 0.3, 0.1), 0.7);

    at(CONTRACT_EXAMPLE, "n=3", vec(0.5, -1.5, 0.75), mat(vec(0.2, 0.4), vec(-0.3), vec(0.6, 0.1, -0.8)), 0.9, 3);
    at(CONTRACT_EXAMPLE, "n=0", vec(0.5), mat(vec(0.2)), 0.9, 0);

    at(MAT_VEC, "3x4", m3x4, w4, vec(0.1, -0.2, 0.3));
    at(MAT_VEC, "0 rows", new double[0][], w4, vec());
    at(MAT_VEC, "1x1", mat(vec(0.7)), vec(-1.2), vec(0.4));

    at(COMPOUND_OPS, "4", w4, 0.7);
    at(COMPOUND_OPS, "1", vec(0.5), -1.3);
    at(COMPOUND_OPS, "empty", vec(), 0.7);

    at(HORNER_IN_ELEMENT, "5", vec(0.5, -1.0, 2.0, 0.25, 1.5), 0.8);
    at(HORNER_IN_ELEMENT, "empty", vec(), 0.8);

    at(SMOOTH_IN_PLACE, "0 sweeps", w4, 0.5, 0).trips("update", 0);
    at(SMOOTH_IN_PLACE, "1 sweep", w4, 0.5, 1).trips("update", 4);
    at(SMOOTH_IN_PLACE, "5 sweeps", w4, 0.5, 5).trips("update", 20);
    at(SMOOTH_IN_PLACE, "empty, 3 sweeps", vec(), 0.5, 3).trips("update", 0);

    at(CLONE_THEN_MODIFY, "4", w4, 0.6);
    at(CLONE_THEN_MODIFY, "1", vec(0.8), 1.4);

    at(ROW_ALIASES, "3x4", m3x4, vec(0.5, -0.25, 0.75, 1.0));
    at(ROW_ALIASES, "ragged", mat(vec(0.5, 1.0), vec(-0.5), vec()), vec(0.3, -0.6, 0.9));

    at(LOCAL_MATRIX, "n=0", vec(0.5, -0.5), 0);
    at(LOCAL_MATRIX, "n=1", vec(0.5, -0.5), 1);
    at(LOCAL_MATRIX, "n=4", vec(0.5, -0.75, 1.25), 4);

    at(INITIALIZERS, "1", 0.7, -1.3);
    at(INITIALIZERS, "2", -0.4, 2.1);

    at(SWAP_BUFFERS, "0 steps", w4, 0.5, 0);
    at(SWAP_BUFFERS, "1 step", w4, 0.5, 1);
    at(SWAP_BUFFERS, "4 steps", w4, 0.5, 4);
    at(SWAP_BUFFERS, "5 steps", vec(0.3, -0.6), -0.2, 5);

    at(STATIC_DATA, "1", vec(0.5, -1.5, 2.5), 0.7);

    at(INDEX_ARRAYS, "repeated indices", vec(0.5, -1.0, 1.5, 2.0), new int[] {2, 0, 2, 3, 2}, 0.8);
    at(INDEX_ARRAYS, "one index", vec(0.5, -1.0), new int[] {1}, -0.6);
    at(INDEX_ARRAYS, "no index", vec(0.5, -1.0), new int[] {}, -0.6);

    at(CONSTANT_ARRAYS, "1", vec(0.5, -1.0, 1.5, 2.0), new long[] {2, 3, -1, 5}, new boolean[] {true, false, false, true});

    at(WRT_ARRAYS, "1", vec(0.5, -1.0, 1.5), vec(0.3, 0.2, -0.1), mat(vec(1.0), vec(2.0, 9.0), vec(-0.5)), 0.8, -0.4);

    at(FLOAT_ARRAYS, "2x3", vec(0.5, -0.25, 0.75), mat(vec(0.5, 1.0, -0.5), vec(0.25, -0.75, 1.5)), 0.625);
    at(FLOAT_ARRAYS, "0 rows", vec(0.5), new double[0][], -0.5);

    at(FLOAT_TO_DOUBLE, "4", vec(0.5, -0.25, 0.75, 1.5), 0.7);
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @BeforeAll
  static void compile() {
    compiled =
        LoopHarness.compileClean(
            Map.of(
                "demo.ArrayForms", LoopHarness.source("ArrayForms", MEMBERS, FNS),
                "demo.Kernels", LoopHarness.source("Kernels", "", FNS)));
    for (Fn f : FNS) {
      if (f.owner.equals("ArrayAliases")) {
        ALIASES.put(f, Compiled.compile(Map.of("demo.ArrayAliases", LoopHarness.source("ArrayAliases", "", List.of(f)))));
      }
    }
  }

  /** The compilation that holds the case's method; fails where that one did not compile. */
  private static Compiled compiled(Case k) {
    Compiled c = ALIASES.get(k.fn);
    if (c == null) {
      return compiled;
    }
    assertTrue(c.succeeded(), () -> "compilation failed:\n" + c.diagnostics() + "\n" + LoopHarness.source("ArrayAliases", "", List.of(k.fn)));
    return c;
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  @Test
  void arrayAliasesCompile() {
    for (Map.Entry<Fn, Compiled> e : ALIASES.entrySet()) {
      Compiled c = e.getValue();
      assertTrue(c.succeeded(), () -> "compilation failed:\n" + c.diagnostics() + "\n" + LoopHarness.source("ArrayAliases", "", List.of(e.getKey())));
      assertTrue(c.warnings().isEmpty(), c.diagnostics());
    }
  }

  @Test
  void everyMethodHasCases() {
    for (Fn f : FNS) {
      assertTrue(CASES.stream().anyMatch(k -> k.fn == f), "no cases for " + f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesHipparchus(Case k) {
    LoopHarness.checkGradient(compiled(k), k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(Case k) {
    LoopHarness.checkFiniteDifferences(compiled(k), k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tangentMatchesHipparchus(Case k) {
    LoopHarness.checkTangent(compiled(k), k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pullbackAccumulatesSeededGradient(Case k) {
    LoopHarness.checkPullback(compiled(k), k);
  }

  /** The signatures of the contract, for methods with every kind of parameter. */
  @Test
  void generatedSignaturesFollowTheContract() throws Exception {
    Class<?> grad = compiled.load("demo.ArrayForms_Grad");
    // The example of the contract: f(double[] w, double[][] m, double x, int n).
    Object g = grad.getMethod("f", double[].class, double[][].class, double.class, int.class).invoke(null, new double[] {1}, new double[][] {{2}}, 0.5, 1);
    assertArrayEquals(new String[] {"value", "dW", "dM", "dX"}, Arrays.stream(g.getClass().getRecordComponents()).map(c -> c.getName()).toArray());
    assertArrayEquals(
        new Class<?>[] {double.class, double[].class, double[][].class, double.class},
        Arrays.stream(g.getClass().getRecordComponents()).map(c -> c.getType()).toArray());
    assertEquals("FGradient", g.getClass().getSimpleName());
    grad.getMethod("fTangent", double[].class, double[].class, double[][].class, double[][].class, double.class, double.class, int.class);
    grad.getMethod("fPullback", double[].class, double[][].class, double.class, int.class, double.class, double[].class, int.class, double[].class, double[][].class);
    grad.getMethod("fPullback", double[].class, double[][].class, double.class, int.class, double.class, double[].class, int.class, double[].class, double[][].class, Tape.class);
    Method record = grad.getMethod("wrtArrays", double[].class, double[].class, double[][].class, double.class, double.class);
    Object r = record.invoke(null, new double[] {1, 2}, new double[] {3, 4}, new double[][] {{1}, {2}}, 0.5, 0.25);
    assertArrayEquals(new String[] {"value", "dW", "dX"}, Arrays.stream(r.getClass().getRecordComponents()).map(c -> c.getName()).toArray());
    assertArrayEquals(
        new Class<?>[] {double.class, double[].class, double.class},
        Arrays.stream(r.getClass().getRecordComponents()).map(c -> c.getType()).toArray());
    // Tangent: each differentiable parameter followed by its tangent.
    grad.getMethod("wrtArraysTangent", double[].class, double[].class, double[].class, double[][].class, double.class, double.class, double.class);
    // Pullback: seed, adj and at for the scalars, then the array adjoints; and with a tape.
    grad.getMethod("wrtArraysPullback", double[].class, double[].class, double[][].class, double.class, double.class, double.class, double[].class, int.class, double[].class);
    grad.getMethod("wrtArraysPullback", double[].class, double[].class, double[][].class, double.class, double.class, double.class, double[].class, int.class, double[].class, Tape.class);
    // No scalar differentiable parameter: no adj and at.
    grad.getMethod("dotPullback", double[].class, double[].class, double.class, double[].class, double[].class);
    grad.getMethod("dotPullback", double[].class, double[].class, double.class, double[].class, double[].class, Tape.class);
    Class<?> kernels = compiled.load("demo.Kernels_Grad");
    kernels.getMethod("sumSinRowPullback", double[][].class, int.class, double.class, double[][].class);
    // float: float seed and value, float[] adjoints, double[] for the scalar slots.
    grad.getMethod("floatArraysPullback", float[].class, float[][].class, float.class, float.class, double[].class, int.class, float[].class, float[][].class);
  }

  /** Gradients of many calls summed into one array: a mini-batch. */
  @Test
  void pullbackSumsAMiniBatchIntoOneArray() throws Exception {
    Class<?> grad = compiled.load("demo.ArrayForms_Grad");
    Method pullback = grad.getMethod("matVecPullback", double[][].class, double[].class, double[].class, double.class, double[][].class, double[].class, double[].class);
    double[][] w = {{0.2, -0.5}, {0.6, 0.4}};
    double[][] wAdj = new double[2][2];
    double[][] xs = {{1.0, 0.5}, {-0.5, 2.0}, {0.25, -1.0}};
    double[] b = {0.1, -0.2};
    // Expected: the sum over the batch of d/dW of sum_j (j + 1) tanh((W x + b)_j), by hand.
    double[][] expected = new double[2][2];
    for (double[] x : xs) {
      for (int j = 0; j < 2; j++) {
        double h = b[j] + w[j][0] * x[0] + w[j][1] * x[1];
        double th = Math.tanh(h);
        for (int i = 0; i < 2; i++) {
          expected[j][i] += (j + 1) * (1 - th * th) * x[i];
        }
      }
      pullback.invoke(null, w, x, b, 1.0, wAdj, null, null);
      assertTrue(Tape.forThread().isEmpty(), "tape empty after the call");
    }
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < 2; i++) {
        assertEquals(expected[j][i], wAdj[j][i], 1e-14, "wAdj[" + j + "][" + i + "]");
      }
    }
  }
}
