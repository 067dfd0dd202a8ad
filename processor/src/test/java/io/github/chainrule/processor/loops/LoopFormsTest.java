package io.github.chainrule.processor.loops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.loops.LoopHarness.Case;
import io.github.chainrule.processor.loops.LoopHarness.Fn;
import io.github.chainrule.processor.loops.LoopHarness.Ref;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loop form: {@code for}, {@code while}, {@code do}-{@code while}, for-each over an array
 * and over the rows of a matrix, {@code for (;;)} and {@code while (true)}, each with zero, one and
 * many iterations, trip counts from int and long parameters and from data; {@code break} and
 * {@code continue} on data (labelled too, across nested loops); {@code return} from inside loops
 * (nested, and from a {@code do}); loop-carried scalars updated several times per iteration;
 * inner trip counts depending on the outer index; loops inside branches and branches inside
 * loops; loop conditions that read differentiable values.
 *
 * <p>Most cases state how many times their loops run (counted by the reference), so that a point
 * cannot silently miss the path it is there for. References are Hipparchus evaluations of the
 * same programs, written by hand below each method, and five-point finite differences.
 */
class LoopFormsTest {
  private static final List<Fn> FNS = new ArrayList<>();
  private static final List<Case> CASES = new ArrayList<>();
  private static Compiled compiled;

  private static Fn fn(String signature, String body, Ref ref) {
    Fn f = new Fn("Loops", signature, body, ref);
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

  // ---- for, while, do: counted loops ---------------------------------------------------------

  static final Fn FOR_COUNTED =
      fn(
          "double forCounted(double[] w, double x, int n)",
          """
          double s = x;
          for (int i = 0; i < n; i++) {
            s = s * w[i] + Math.sin(s);
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure s = in.d("x");
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              s = s.multiply(w[i]).add(s.sin());
            }
            return s;
          });

  // ---- Loop conditions that assign: counter-- != 0, i++ < n, (k -= 2) > 0 -------------------

  static final Fn WHILE_POST_DECREMENT =
      fn(
          "double whilePostDecrement(double x, int n)",
          """
          double s = 0;
          int counter = n;
          while (counter-- != 0) {
            s = s * x + counter;
          }
          return s + counter * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x.getField().getZero();
            int counter = in.i("n");
            while (counter-- != 0) {
              in.tick("iter");
              s = s.multiply(x).add(counter);
            }
            return s.add(x.multiply(counter));
          });

  /**
   * A condition that folds to false (the body always breaks, so the loop never tests it): the
   * generated code must not write while (false), whose body Java rejects as unreachable.
   */
  static final Fn CONDITION_FOLDED_FALSE =
      fn(
          "double conditionFoldedFalse(double x, int n)",
          """
          int k = 0;
          double s = x * x;
          do {
            break;
          } while (++k < n);
          return s * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x.multiply(x);
            int k = 0;
            do {
              in.tick("iter");
              break;
            } while (++k < in.i("n"));
            return s.multiply(x);
          });

  static final Fn FOR_INCREMENT_IN_TEST =
      fn(
          "double forIncrementInTest(double x, int n)",
          """
          double s = 1;
          int i = 0;
          for (; i++ < n;) {
            s *= x + i;
          }
          return s * i;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x.getField().getOne();
            int i = 0;
            for (; i++ < in.i("n");) {
              in.tick("iter");
              s = s.multiply(x.add(i));
            }
            return s.multiply(i);
          });

  static final Fn WHILE_COMPOUND_IN_TEST =
      fn(
          "double whileCompoundInTest(double x, double y, int n)",
          """
          double s = y;
          int k = n;
          double t = x;
          while ((k -= 2) > 0 && (t *= 0.5) > 1e-3) {
            s = s * x + k + t;
          }
          return s + t + k;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.d("y");
            int k = in.i("n");
            DerivativeStructure t = x;
            while ((k -= 2) > 0) {
              t = t.multiply(0.5);
              if (!(t.getValue() > 1e-3)) {
                break;
              }
              in.tick("iter");
              s = s.multiply(x).add(k).add(t);
            }
            return s.add(t).add(k);
          });

  static final Fn DO_TEST_ASSIGNS_AND_BREAK =
      fn(
          "double doTestAssignsAndBreak(double x, int n)",
          """
          double s = x;
          int i = 0;
          do {
            if (s > 50) {
              break;
            }
            s = s * x + i;
          } while (++i < n);
          return s * (i + 1);""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            int i = 0;
            do {
              if (s.getValue() > 50) {
                in.tick("break");
                break;
              }
              in.tick("iter");
              s = s.multiply(x).add(i);
            } while (++i < in.i("n"));
            return s.multiply(i + 1);
          });

  static final Fn WHILE_TEST_ASSIGNS_AND_BREAK =
      fn(
          "double whileTestAssignsAndBreak(double x, int n)",
          """
          double s = x;
          int i = 0;
          while (i++ < n) {
            s = s * x;
            if (s > 20) {
              i += 10;
              break;
            }
          }
          return s + i * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            int i = 0;
            while (i++ < in.i("n")) {
              in.tick("iter");
              s = s.multiply(x);
              if (s.getValue() > 20) {
                in.tick("break");
                i += 10;
                break;
              }
            }
            return s.add(x.multiply(i));
          });

  static final Fn DO_COMPOUND_IN_TEST =
      fn(
          "double doCompoundInTest(double x)",
          """
          double y = x;
          do { y = y * 1.5; } while ((y += x) < 100);
          return y;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x;
            do {
              in.tick("iter");
              y = y.multiply(1.5);
              y = y.add(x);
            } while (y.getValue() < 100);
            return y;
          });

  static final Fn FOR_ASSIGNMENT_AS_TEST =
      fn(
          "double forAssignmentAsTest(double x)",
          """
          double y = x;
          for (int i = 0; (y = y * x) < 100; i++) { }
          return y;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x.multiply(x);
            while (y.getValue() < 100) {
              in.tick("iter");
              y = y.multiply(x);
            }
            return y;
          });

  static final Fn WHILE_PARAMETER_ASSIGNED_IN_TEST =
      fn(
          "double whileParameterAssignedInTest(double x)",
          """
          double y = 0;
          while ((x = x * 2) < 10) { y = y + x; }
          return y + x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x.getField().getZero();
            while ((x = x.multiply(2)).getValue() < 10) {
              in.tick("iter");
              y = y.add(x);
            }
            return y.add(x);
          });

  static final Fn WHILE_COUNTED =
      fn(
          "double whileCounted(double x, double y, int n)",
          """
          int i = 0;
          double s = y;
          while (i < n) {
            s = s * x + 1;
            s = Math.sqrt(s * s + 1);
            s -= 0.25 * x;
            i++;
          }
          return s * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.d("y");
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              s = s.multiply(x).add(1);
              s = s.multiply(s).add(1).sqrt();
              s = s.subtract(x.multiply(0.25));
            }
            return s.multiply(x);
          });

  static final Fn DO_COUNTED =
      fn(
          "double doCounted(double x, double a, int n)",
          """
          double s = a;
          int k = 0;
          do {
            s = s * Math.cos(x) + x * k;
            k++;
          } while (k < n);
          return s;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.d("a");
            int k = 0;
            do {
              in.tick("iter");
              s = s.multiply(x.cos()).add(x.multiply(k));
              k++;
            } while (k < in.i("n"));
            return s;
          });

  static final Fn LONG_COUNTER =
      fn(
          "double longCounter(double x, long n)",
          """
          double s = 0;
          for (long i = 0; i < n; i++) {
            s += Math.pow(x, i) / (i + 1);
          }
          long k = n;
          while (k > 2L) {
            s = s * x + k;
            k -= 2;
          }
          return s;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            for (long i = 0; i < in.j("n"); i++) {
              in.tick("iter");
              s = s.add(x.pow((double) i).divide(i + 1));
            }
            long k = in.j("n");
            while (k > 2L) {
              in.tick("while");
              s = s.multiply(x).add(k);
              k -= 2;
            }
            return s;
          });

  // ---- for-each ------------------------------------------------------------------------------

  static final Fn FOR_EACH =
      fn(
          "double forEach(double[] w, double x)",
          """
          double s = 0;
          for (double v : w) {
            s = s * x + v * v;
          }
          return s;""",
          in -> {
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure v : in.v("w")) {
              in.tick("iter");
              s = s.multiply(in.d("x")).add(v.multiply(v));
            }
            return s;
          });

  static final Fn FOR_EACH_ROWS =
      fn(
          "double forEachRows(double[][] m, double[] v)",
          """
          double s = 0;
          for (double[] row : m) {
            double d = 0;
            for (int j = 0; j < row.length; j++) {
              d += row[j] * v[j];
            }
            s += Math.tanh(d);
          }
          return s;""",
          in -> {
            DerivativeStructure[] v = in.v("v");
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure[] row : in.m("m")) {
              in.tick("rows");
              DerivativeStructure d = in.c(0);
              for (int j = 0; j < row.length; j++) {
                in.tick("inner");
                d = d.add(row[j].multiply(v[j]));
              }
              s = s.add(d.tanh());
            }
            return s;
          });

  // ---- Trip counts from data; conditions that read differentiable values ---------------------

  static final Fn DATA_TRIPS =
      fn(
          "double dataTrips(double x, double y)",
          """
          double s = x;
          int k = 0;
          while (s < y) {
            s = s * 1.5 + 0.25;
            k++;
          }
          return s * k + y;""",
          in -> {
            DerivativeStructure s = in.d("x");
            int k = 0;
            while (v(s) < v(in.d("y"))) {
              in.tick("iter");
              s = s.multiply(1.5).add(0.25);
              k++;
            }
            return s.multiply(k).add(in.d("y"));
          });

  static final Fn NEWTON_SQRT =
      fn(
          "double newtonSqrt(double a)",
          """
          double g = a > 1 ? a : 1;
          int k = 0;
          while (Math.abs(g * g - a) > 1e-12 * a && k < 60) {
            g = 0.5 * (g + a / g);
            k++;
          }
          return g;""",
          in -> {
            DerivativeStructure a = in.d("a");
            DerivativeStructure g = v(a) > 1 ? a : in.c(1);
            int k = 0;
            while (Math.abs(v(g) * v(g) - v(a)) > 1e-12 * v(a) && k < 60) {
              in.tick("iter");
              g = g.add(a.divide(g)).multiply(0.5);
              k++;
            }
            return g;
          });

  static final Fn SEARCH_INTERPOLATE =
      fn(
          "double searchInterpolate(double[] w, double x)",
          """
          int i = 0;
          while (i < w.length && w[i] < x) {
            i++;
          }
          double lo = i > 0 ? w[i - 1] : x - 1;
          double hi = i < w.length ? w[i] : x + 1;
          return (x - lo) / (hi - lo) + i;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            int i = 0;
            while (i < w.length && v(w[i]) < v(x)) {
              in.tick("iter");
              i++;
            }
            DerivativeStructure lo = i > 0 ? w[i - 1] : x.subtract(1);
            DerivativeStructure hi = i < w.length ? w[i] : x.add(1);
            return x.subtract(lo).divide(hi.subtract(lo)).add(i);
          });

  static final Fn HALVING =
      fn(
          "double halving(double[] w, int n)",
          """
          double s = 0;
          for (int i = 0; i < n; i++) {
            double t = w[i];
            while (t > 1) {
              t = t / 2;
              s += t;
            }
            s += t * i;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < in.i("n"); i++) {
              DerivativeStructure t = w[i];
              while (v(t) > 1) {
                in.tick("halvings");
                t = t.divide(2);
                s = s.add(t);
              }
              s = s.add(t.multiply(i));
            }
            return s;
          });

  // ---- break and continue --------------------------------------------------------------------

  static final Fn BREAK_ON_DATA =
      fn(
          "double breakOnData(double[] w, double t)",
          """
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            if (s + w[i] > t) {
              break;
            }
            s += w[i] * w[i] * t;
          }
          return s + t * w.length;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure t = in.d("t");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < w.length; i++) {
              if (v(s) + v(w[i]) > v(t)) {
                in.tick("break");
                break;
              }
              in.tick("iter");
              s = s.add(w[i].multiply(w[i]).multiply(t));
            }
            return s.add(t.multiply(w.length));
          });

  static final Fn CONTINUE_ON_DATA =
      fn(
          "double continueOnData(double[] w, double x)",
          """
          double s = 1;
          for (int i = 0; i < w.length; i++) {
            if (w[i] < 0) {
              continue;
            }
            s *= 1 + Math.exp(w[i] * x);
            if (s > 100) {
              s = Math.log(s);
              continue;
            }
            s += x;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(1);
            for (int i = 0; i < w.length; i++) {
              if (v(w[i]) < 0) {
                in.tick("continue1");
                continue;
              }
              s = s.multiply(w[i].multiply(x).exp().add(1));
              if (v(s) > 100) {
                in.tick("continue2");
                s = s.log();
                continue;
              }
              s = s.add(x);
            }
            return s;
          });

  static final Fn LABELLED_BREAK =
      fn(
          "double labelledBreak(double[][] m, double t)",
          """
          double s = 0;
          outer:
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              if (m[i][j] > t) {
                break outer;
              }
              if (m[i][j] < -t) {
                break;
              }
              s = s * 0.9 + m[i][j] * t;
            }
            s += i;
          }
          return s;""",
          in -> {
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure t = in.d("t");
            DerivativeStructure s = in.c(0);
            outer:
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                if (v(m[i][j]) > v(t)) {
                  in.tick("breakOuter");
                  break outer;
                }
                if (v(m[i][j]) < -v(t)) {
                  in.tick("breakInner");
                  break;
                }
                in.tick("iter");
                s = s.multiply(0.9).add(m[i][j].multiply(t));
              }
              s = s.add(i);
            }
            return s;
          });

  static final Fn LABELLED_CONTINUE =
      fn(
          "double labelledContinue(double[][] m, double x)",
          """
          double s = 0;
          rows:
          for (double[] row : m) {
            int j = 0;
            while (j < row.length) {
              double v = row[j];
              j++;
              if (v < 0) {
                continue rows;
              }
              if (v > 3) {
                continue;
              }
              s += Math.sin(v * x);
            }
            s *= x;
          }
          return s;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            rows:
            for (DerivativeStructure[] row : in.m("m")) {
              int j = 0;
              while (j < row.length) {
                DerivativeStructure v = row[j];
                j++;
                if (v(v) < 0) {
                  in.tick("continueOuter");
                  continue rows;
                }
                if (v(v) > 3) {
                  in.tick("continueInner");
                  continue;
                }
                s = s.add(v.multiply(x).sin());
              }
              s = s.multiply(x);
            }
            return s;
          });

  static final Fn WHILE_TRUE_BREAK =
      fn(
          "double whileTrueBreak(double[] w, double x)",
          """
          int i = 0;
          double s = x;
          while (true) {
            if (i == w.length) {
              break;
            }
            s = Math.max(s, w[i]) * 0.75 + w[i] * 0.25;
            i++;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure s = in.d("x");
            for (int i = 0; i < w.length; i++) {
              in.tick("iter");
              DerivativeStructure max = v(s) > v(w[i]) ? s : w[i];
              s = max.multiply(0.75).add(w[i].multiply(0.25));
            }
            return s;
          });

  // ---- return inside loops -------------------------------------------------------------------

  static final Fn RETURN_IN_LOOP =
      fn(
          "double returnInLoop(double[] w, double x)",
          """
          double s = x;
          for (int i = 0; i < w.length; i++) {
            s = s * x + w[i];
            if (s > 10) {
              return s * w[i];
            }
          }
          return -s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            for (int i = 0; i < w.length; i++) {
              in.tick("iter");
              s = s.multiply(x).add(w[i]);
              if (v(s) > 10) {
                in.tick("return");
                return s.multiply(w[i]);
              }
            }
            return s.negate();
          });

  static final Fn RETURN_NESTED =
      fn(
          "double returnNested(double[][] m, double x, int limit)",
          """
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            int j = 0;
            while (true) {
              if (j >= m[i].length) {
                break;
              }
              s += m[i][j] * x;
              if (s * s > limit) {
                return Math.exp(-s * s / limit) + i;
              }
              j++;
            }
            s = Math.sqrt(s * s + 1);
          }
          return s;""",
          in -> {
            DerivativeStructure[][] m = in.m("m");
            DerivativeStructure x = in.d("x");
            int limit = in.i("limit");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                in.tick("iter");
                s = s.add(m[i][j].multiply(x));
                if (v(s) * v(s) > limit) {
                  in.tick("return");
                  return s.multiply(s).negate().divide(limit).exp().add(i);
                }
              }
              s = s.multiply(s).add(1).sqrt();
            }
            return s;
          });

  static final Fn FOR_EVER_RETURN =
      fn(
          "double forEverReturn(double x, double y)",
          """
          double s = x;
          int k = 0;
          for (;;) {
            s = s * s - y;
            k++;
            if (Math.abs(s) > 4 || k >= 20) {
              return s + k;
            }
          }""",
          in -> {
            DerivativeStructure s = in.d("x");
            int k = 0;
            for (;;) {
              in.tick("iter");
              s = s.multiply(s).subtract(in.d("y"));
              k++;
              if (Math.abs(v(s)) > 4 || k >= 20) {
                return s.add(k);
              }
            }
          });

  static final Fn RETURN_IN_DO =
      fn(
          "double returnInDo(double x, double y)",
          """
          double s = x;
          do {
            s = s * y + 1;
            if (s > 50) {
              return Math.log(s);
            }
          } while (s > 0.5 && s < 40);
          return s;""",
          in -> {
            DerivativeStructure s = in.d("x");
            do {
              in.tick("iter");
              s = s.multiply(in.d("y")).add(1);
              if (v(s) > 50) {
                in.tick("return");
                return s.log();
              }
            } while (v(s) > 0.5 && v(s) < 40);
            return s;
          });

  static final Fn RETURN_ONLY_IN_LOOP =
      fn(
          "double returnOnlyInLoop(double[] w, double x)",
          """
          double s = x;
          for (int i = 0; i < w.length; i++) {
            s = s * w[i] + 1;
            if (s > 5) {
              return Math.sqrt(s);
            }
          }
          return 0;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure s = in.d("x");
            for (int i = 0; i < w.length; i++) {
              in.tick("iter");
              s = s.multiply(w[i]).add(1);
              if (v(s) > 5) {
                in.tick("return");
                return s.sqrt();
              }
            }
            return in.c(0);
          });

  // ---- Nesting, several updates per iteration, branches ---------------------------------------

  static final Fn CLOCK =
      fn(
          "double clock(double y0, double dt, int n)",
          """
          double t = 0;
          double y = y0;
          for (int i = 0; i < n; i++) {
            y += dt * Math.cos(t) * y;
            t += dt;
          }
          return y;""",
          in -> {
            DerivativeStructure dt = in.d("dt");
            DerivativeStructure t = in.c(0);
            DerivativeStructure y = in.d("y0");
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              y = y.add(dt.multiply(t.cos()).multiply(y));
              t = t.add(dt);
            }
            return y;
          });

  static final Fn DO_CONTINUE =
      fn(
          "double doContinue(double[] w, double x)",
          """
          double s = x;
          int k = 0;
          do {
            k++;
            if (w[k - 1] < 0) {
              continue;
            }
            s = s * x + w[k - 1];
          } while (k < w.length);
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            int k = 0;
            do {
              k++;
              if (v(w[k - 1]) < 0) {
                in.tick("continue");
                continue;
              }
              s = s.multiply(x).add(w[k - 1]);
            } while (k < w.length);
            return s;
          });

  static final Fn DOUBLE_COUNTER =
      fn(
          "double doubleCounter(double x, double dt)",
          """
          double s = 0;
          for (double t = 0; t < 1; t += dt) {
            s += Math.sin(t) * x;
          }
          return s;""",
          in -> {
            DerivativeStructure dt = in.d("dt");
            DerivativeStructure s = in.c(0);
            for (DerivativeStructure t = in.c(0); v(t) < 1; t = t.add(dt)) {
              in.tick("iter");
              s = s.add(t.sin().multiply(in.d("x")));
            }
            return s;
          });

  static final Fn EMPTY_BODY_SEARCH =
      fn(
          "double emptyBodySearch(double[] w, double x)",
          """
          int j = 0;
          for (; j < w.length && w[j] < x; j++) {
          }
          return x * j + (j < w.length ? w[j] * w[j] : 0);""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            int j = 0;
            while (j < w.length && v(w[j]) < v(x)) {
              in.tick("iter");
              j++;
            }
            return x.multiply(j).add(j < w.length ? w[j].multiply(w[j]) : in.c(0));
          });

  static final Fn BREAK_WITH_CLOCK =
      fn(
          "double breakWithClock(double dt, double limit)",
          """
          double t = 0;
          double y = 0;
          for (int i = 0; i < 100; i++) {
            if (y > limit) {
              break;
            }
            y += t * t + dt;
            t += dt;
          }
          return y;""",
          in -> {
            DerivativeStructure dt = in.d("dt");
            DerivativeStructure t = in.c(0);
            DerivativeStructure y = in.c(0);
            for (int i = 0; i < 100; i++) {
              if (v(y) > v(in.d("limit"))) {
                break;
              }
              in.tick("iter");
              y = y.add(t.multiply(t)).add(dt);
              t = t.add(dt);
            }
            return y;
          });

  static final Fn TRIANGULAR =
      fn(
          "double triangular(double[] w, int n)",
          """
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
              s += w[i] * w[j] * (i - j + 1);
            }
            for (int j = i + 1; j < n; j += 2) {
              s -= Math.sin(w[j] - w[i]);
            }
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            int n = in.i("n");
            DerivativeStructure s = in.c(0);
            for (int i = 0; i < n; i++) {
              for (int j = 0; j <= i; j++) {
                in.tick("lower");
                s = s.add(w[i].multiply(w[j]).multiply(i - j + 1));
              }
              for (int j = i + 1; j < n; j += 2) {
                in.tick("upper");
                s = s.subtract(w[j].subtract(w[i]).sin());
              }
            }
            return s;
          });

  static final Fn INDEX_ARITHMETIC =
      fn(
          "double indexArithmetic(double[] w, int n)",
          """
          double s = 0;
          for (int i = 1; i < n; i++) {
            for (int j = 0; j < n; j++) {
              s += w[i * n + j] * w[(i - 1) * n + (j + 1) % n];
            }
          }
          for (int k = w.length - 1; k >= 0; k -= 3) {
            s += w[k] * w[k / 2];
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            int n = in.i("n");
            DerivativeStructure s = in.c(0);
            for (int i = 1; i < n; i++) {
              for (int j = 0; j < n; j++) {
                in.tick("iter");
                s = s.add(w[i * n + j].multiply(w[(i - 1) * n + (j + 1) % n]));
              }
            }
            for (int k = w.length - 1; k >= 0; k -= 3) {
              in.tick("down");
              s = s.add(w[k].multiply(w[k / 2]));
            }
            return s;
          });

  static final Fn ROTATION =
      fn(
          "double rotation(double a, double b, double theta, int n)",
          """
          double x = a;
          double y = b;
          double c = Math.cos(theta);
          double s = Math.sin(theta);
          for (int i = 0; i < n; i++) {
            double t = x;
            x = x * c - y * s;
            y = t * s + y * c;
            x *= 1.01;
            y = y - 0.01 * x * y;
          }
          return x * x + 3 * y;""",
          in -> {
            DerivativeStructure x = in.d("a");
            DerivativeStructure y = in.d("b");
            DerivativeStructure c = in.d("theta").cos();
            DerivativeStructure s = in.d("theta").sin();
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              DerivativeStructure t = x;
              x = x.multiply(c).subtract(y.multiply(s));
              y = t.multiply(s).add(y.multiply(c));
              x = x.multiply(1.01);
              y = y.subtract(x.multiply(0.01).multiply(y));
            }
            return x.multiply(x).add(y.multiply(3));
          });

  static final Fn TWO_POINTERS =
      fn(
          "double twoPointers(double[] w, double x)",
          """
          double s = 0;
          for (int i = 0, j = w.length - 1; i < j; i++, j--) {
            s += w[i] * w[j] * x;
            x = x * 0.5 + w[i];
          }
          return s + x;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            for (int i = 0, j = w.length - 1; i < j; i++, j--) {
              in.tick("iter");
              s = s.add(w[i].multiply(w[j]).multiply(x));
              x = x.multiply(0.5).add(w[i]);
            }
            return s.add(x);
          });

  static final Fn LOOP_IN_BRANCH =
      fn(
          "double loopInBranch(double[] w, double x, boolean fwd)",
          """
          double s = x;
          if (fwd && x > 0) {
            for (int i = 0; i < w.length; i++) {
              s = s * w[i] + 1;
            }
          } else if (x > -5) {
            int i = w.length - 1;
            while (i >= 0) {
              s = s / (1 + w[i] * w[i]);
              i--;
            }
          } else {
            do {
              s = s * 0.5;
            } while (s < -1);
          }
          return s * x;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            if (in.z("fwd") && v(x) > 0) {
              for (int i = 0; i < w.length; i++) {
                in.tick("for");
                s = s.multiply(w[i]).add(1);
              }
            } else if (v(x) > -5) {
              for (int i = w.length - 1; i >= 0; i--) {
                in.tick("while");
                s = s.divide(w[i].multiply(w[i]).add(1));
              }
            } else {
              do {
                in.tick("do");
                s = s.multiply(0.5);
              } while (v(s) < -1);
            }
            return s.multiply(x);
          });

  static final Fn BRANCH_IN_LOOP =
      fn(
          "double branchInLoop(double[] w, double x)",
          """
          double s = 0;
          double p = 1;
          for (int i = 0; i < w.length; i++) {
            if (w[i] > x) {
              s += w[i] - x;
              p *= w[i];
            } else if (w[i] > -x) {
              s += Math.cos(w[i] * x);
            } else {
              p = p * x + s;
              s = 0;
            }
          }
          return s + p;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = in.c(0);
            DerivativeStructure p = in.c(1);
            for (int i = 0; i < w.length; i++) {
              if (v(w[i]) > v(x)) {
                in.tick("a");
                s = s.add(w[i].subtract(x));
                p = p.multiply(w[i]);
              } else if (v(w[i]) > -v(x)) {
                in.tick("b");
                s = s.add(w[i].multiply(x).cos());
              } else {
                in.tick("c");
                p = p.multiply(x).add(s);
                s = in.c(0);
              }
            }
            return s.add(p);
          });

  static final Fn FLOAT_LOOP =
      fn(
          "float floatLoop(float[] a, float x, int n)",
          """
          float s = x;
          for (int i = 0; i < n; i++) {
            for (float v : a) {
              s = s * 0.5f + v * (float) Math.sin(s);
            }
          }
          return s * x;""",
          in -> {
            DerivativeStructure s = in.d("x");
            for (int i = 0; i < in.i("n"); i++) {
              for (DerivativeStructure v : in.v("a")) {
                in.tick("iter");
                s = s.multiply(0.5).add(v.multiply(s.sin()));
              }
            }
            return s.multiply(in.d("x"));
          });

  // ---- Cases ---------------------------------------------------------------------------------

  static {
    double[] w5 = {0.9, -0.4, 1.3, 0.7, -1.1};

    at(FOR_COUNTED, "n=0", vec(0.5, 1.5, -2), 0.7, 0).trips("iter", 0);
    at(FOR_COUNTED, "n=1", vec(0.5, 1.5, -2), 0.7, 1).trips("iter", 1);
    at(FOR_COUNTED, "n=5", w5, 0.7, 5).trips("iter", 5);
    at(FOR_COUNTED, "n=2 of 5 (unread elements: zero)", w5, -0.3, 2).trips("iter", 2);

    at(CONDITION_FOLDED_FALSE, "n=3", 0.7, 3).trips("iter", 1);
    at(CONDITION_FOLDED_FALSE, "n=0", -1.3, 0).trips("iter", 1);
    at(WHILE_POST_DECREMENT, "n=0", 0.7, 0).trips("iter", 0);
    at(WHILE_POST_DECREMENT, "n=1", 0.7, 1).trips("iter", 1);
    at(WHILE_POST_DECREMENT, "n=6", 0.7, 6).trips("iter", 6);
    at(FOR_INCREMENT_IN_TEST, "n=0", 0.4, 0).trips("iter", 0);
    at(FOR_INCREMENT_IN_TEST, "n=4", 0.4, 4).trips("iter", 4);
    at(WHILE_COMPOUND_IN_TEST, "k runs out", 0.9, 0.3, 9).trips("iter", 4);
    at(WHILE_COMPOUND_IN_TEST, "t runs out", 0.01, 0.3, 40).trips("iter", 3);
    at(WHILE_COMPOUND_IN_TEST, "no iteration", 0.9, 0.3, 2).trips("iter", 0);
    at(DO_TEST_ASSIGNS_AND_BREAK, "no break", 1.5, 4).trips("iter", 4).trips("break", 0);
    at(DO_TEST_ASSIGNS_AND_BREAK, "break", 3.0, 9).trips("break", 1);
    at(WHILE_TEST_ASSIGNS_AND_BREAK, "no break", 1.2, 3).trips("iter", 3).trips("break", 0);
    at(WHILE_TEST_ASSIGNS_AND_BREAK, "break", 2.5, 9).trips("break", 1);
    at(DO_COMPOUND_IN_TEST, "several", 1.3).trips("iter", 9);
    at(DO_COMPOUND_IN_TEST, "once", 70.0).trips("iter", 1);
    at(FOR_ASSIGNMENT_AS_TEST, "several", 1.7).trips("iter", 7);
    at(FOR_ASSIGNMENT_AS_TEST, "none", 11.0).trips("iter", 0);
    at(WHILE_PARAMETER_ASSIGNED_IN_TEST, "several", 0.3).trips("iter", 5);
    at(WHILE_PARAMETER_ASSIGNED_IN_TEST, "none", 6.0).trips("iter", 0);
    at(WHILE_COUNTED, "n=0", 0.8, 1.5, 0).trips("iter", 0);
    at(WHILE_COUNTED, "n=1", 0.8, 1.5, 1).trips("iter", 1);
    at(WHILE_COUNTED, "n=6", 0.8, -1.5, 6).trips("iter", 6);
    at(WHILE_COUNTED, "n<0", 1.2, 0.4, -3).trips("iter", 0);
    at(WHILE_COUNTED, "n=3000: the tape grows", 0.8, 1.5, 3000).trips("iter", 3000);

    at(DO_COUNTED, "n=0: body once", 0.6, 1.5, 0).trips("iter", 1);
    at(DO_COUNTED, "n=1", 0.6, 1.5, 1).trips("iter", 1);
    at(DO_COUNTED, "n=2", -1.1, 0.5, 2).trips("iter", 2);
    at(DO_COUNTED, "n=6", 0.6, -2.0, 6).trips("iter", 6);

    at(LONG_COUNTER, "n=0", 0.7, 0L).trips("iter", 0).trips("while", 0);
    at(LONG_COUNTER, "n=1", 0.7, 1L).trips("iter", 1).trips("while", 0);
    at(LONG_COUNTER, "n=7", 0.7, 7L).trips("iter", 7).trips("while", 3);
    at(LONG_COUNTER, "n=6, x<0", -0.6, 6L).trips("iter", 6).trips("while", 2);

    at(FOR_EACH, "empty", vec(), 1.5).trips("iter", 0);
    at(FOR_EACH, "one", vec(-0.8), 1.5).trips("iter", 1);
    at(FOR_EACH, "five", w5, 0.6).trips("iter", 5);

    at(FOR_EACH_ROWS, "no rows", new double[0][], vec(1, 2, 3)).trips("rows", 0);
    at(FOR_EACH_ROWS, "one row", mat(vec(0.3, -0.2, 0.5)), vec(1, 2, 3)).trips("rows", 1).trips("inner", 3);
    at(FOR_EACH_ROWS, "ragged rows", mat(vec(0.3, -0.2, 0.5), vec(0.4), vec(), vec(-0.7, 0.1)), vec(0.5, -1.5, 2))
        .trips("rows", 4)
        .trips("inner", 6);

    at(DATA_TRIPS, "0 iterations", 2.0, 1.0).trips("iter", 0);
    at(DATA_TRIPS, "1 iteration", 1.0, 1.5).trips("iter", 1);
    at(DATA_TRIPS, "6 iterations", 0.5, 10.0).trips("iter", 6);

    at(NEWTON_SQRT, "a=2", 2.0).trips("iter", 5);
    at(NEWTON_SQRT, "a=9", 9.0).trips("iter", 6);
    at(NEWTON_SQRT, "a=0.25", 0.25).trips("iter", 5);

    double[] knots = {-1.0, 0.0, 0.5, 2.0};
    at(SEARCH_INTERPOLATE, "below all", knots, -1.5).trips("iter", 0);
    at(SEARCH_INTERPOLATE, "first interval", knots, -0.25).trips("iter", 1);
    at(SEARCH_INTERPOLATE, "inner interval", knots, 1.25).trips("iter", 3);
    at(SEARCH_INTERPOLATE, "above all", knots, 3.0).trips("iter", 4);
    at(SEARCH_INTERPOLATE, "empty", vec(), 3.0).trips("iter", 0);

    at(HALVING, "n=0", vec(3.0, 0.5), 0).trips("halvings", 0);
    at(HALVING, "no halving", vec(0.3, 0.5, -2.0), 3).trips("halvings", 0);
    at(HALVING, "varying halvings", vec(3.0, 0.5, 9.5, 1.5), 4).trips("halvings", 2 + 0 + 4 + 1);

    at(BREAK_ON_DATA, "break at once", vec(2.0, 0.1), 1.0).trips("iter", 0).trips("break", 1);
    at(BREAK_ON_DATA, "break in the middle", vec(0.3, -0.5, 0.8, 0.2, 0.1), 1.0).trips("iter", 2).trips("break", 1);
    at(BREAK_ON_DATA, "no break", vec(0.3, -0.5, 0.2), 1.5).trips("iter", 3).trips("break", 0);
    at(BREAK_ON_DATA, "empty", vec(), 1.5).trips("iter", 0).trips("break", 0);

    at(CONTINUE_ON_DATA, "none taken", vec(0.5, 1.0), 0.8).trips("continue1", 0).trips("continue2", 0);
    at(CONTINUE_ON_DATA, "both taken", vec(-0.5, 2.0, 1.0, -1.0, 1.5, 0.2), 1.5).trips("continue1", 2).trips("continue2", 2);
    at(CONTINUE_ON_DATA, "all negative", vec(-0.5, -2.0), 1.5).trips("continue1", 2).trips("continue2", 0);

    double[][] grid = mat(vec(0.2, -0.3, 0.4), vec(0.1, 1.7, 0.5), vec(-0.6, 0.3));
    at(LABELLED_BREAK, "no break", grid, 2.0).trips("iter", 8).trips("breakOuter", 0).trips("breakInner", 0);
    at(LABELLED_BREAK, "break outer in row 1", grid, 1.0).trips("iter", 4).trips("breakOuter", 1).trips("breakInner", 0);
    at(LABELLED_BREAK, "break outer late in row 1", grid, 0.45).trips("iter", 4).trips("breakOuter", 1).trips("breakInner", 0);
    at(LABELLED_BREAK, "break inner then outer", mat(vec(0.1, -0.9, 0.3), vec(0.2, 0.8)), 0.5)
        .trips("iter", 2)
        .trips("breakInner", 1)
        .trips("breakOuter", 1);
    at(LABELLED_BREAK, "inner break every row", mat(vec(0.1, -0.9, 0.3), vec(-0.8), vec(0.2, 0.3)), 0.5)
        .trips("iter", 3)
        .trips("breakInner", 2)
        .trips("breakOuter", 0);

    at(LABELLED_CONTINUE, "none", mat(vec(0.2, 0.4), vec(1.1)), 0.7).trips("continueOuter", 0).trips("continueInner", 0);
    at(LABELLED_CONTINUE, "both", mat(vec(0.2, 3.5, 0.4, -1.0, 0.9), vec(1.1), vec(-0.1, 2.0), vec(4.0, 0.3)), 0.7)
        .trips("continueOuter", 2)
        .trips("continueInner", 2);

    at(WHILE_TRUE_BREAK, "empty", vec(), 0.5).trips("iter", 0);
    at(WHILE_TRUE_BREAK, "mixed max", vec(0.2, 1.5, -0.7, 2.5), 0.5).trips("iter", 4);

    at(RETURN_IN_LOOP, "return at once", vec(12.0, 1.0), 1.5).trips("iter", 1).trips("return", 1);
    at(RETURN_IN_LOOP, "return at 3", vec(0.5, 1.0, 3.0, 1.0), 1.5).trips("iter", 3).trips("return", 1);
    at(RETURN_IN_LOOP, "no return", vec(0.5, -1.0, 0.3), 0.9).trips("iter", 3).trips("return", 0);
    at(RETURN_IN_LOOP, "empty", vec(), 0.9).trips("iter", 0).trips("return", 0);

    double[][] rn = mat(vec(0.5, 0.25), vec(), vec(0.75, 1.0, 1.5));
    at(RETURN_NESTED, "no return", rn, 0.8, 100).trips("iter", 5).trips("return", 0);
    at(RETURN_NESTED, "return from the inner loop", rn, 1.5, 5).trips("iter", 3).trips("return", 1);
    at(RETURN_NESTED, "return at the first element", rn, 3.0, 1).trips("iter", 1).trips("return", 1);

    at(RETURN_ONLY_IN_LOOP, "return at 3", vec(1.5, 0.8, 2.0, 0.5), 1.0).trips("iter", 3).trips("return", 1);
    at(RETURN_ONLY_IN_LOOP, "return at 1", vec(7.0, 2.0), 1.0).trips("iter", 1).trips("return", 1);
    at(RETURN_ONLY_IN_LOOP, "no return", vec(0.5, 0.25), 1.0).trips("iter", 2).trips("return", 0);

    at(FOR_EVER_RETURN, "escapes at 3", 1.5, 0.5).trips("iter", 3);
    at(FOR_EVER_RETURN, "cap of 20", 0.3, 0.1).trips("iter", 20);

    at(RETURN_IN_DO, "body once, no return", -1.0, 3.0).trips("iter", 1).trips("return", 0);
    at(RETURN_IN_DO, "return after 4", 3.0, 2.0).trips("iter", 4).trips("return", 1);
    at(RETURN_IN_DO, "loop ends after 4", 2.0, 2.0).trips("iter", 4).trips("return", 0);
    at(RETURN_IN_DO, "two iterations", 0.1, -1.0).trips("iter", 2).trips("return", 0);

    at(CLOCK, "n=0", 1.5, 0.25, 0).trips("iter", 0);
    at(CLOCK, "n=1", 1.5, 0.25, 1).trips("iter", 1);
    at(CLOCK, "n=5", 1.5, 0.25, 5).trips("iter", 5);

    at(DO_CONTINUE, "one, continue", vec(-0.5), 0.7).trips("continue", 1);
    at(DO_CONTINUE, "four, two continues", vec(0.5, -1.0, 1.5, -0.2), 0.7).trips("continue", 2);

    at(DOUBLE_COUNTER, "dt=0.3: 4 iterations", 1.5, 0.3).trips("iter", 4);
    at(DOUBLE_COUNTER, "dt=2: 1 iteration", 1.5, 2.0).trips("iter", 1);

    at(EMPTY_BODY_SEARCH, "found at 2", vec(-1.0, 0.0, 1.5, 2.0), 0.5).trips("iter", 2);
    at(EMPTY_BODY_SEARCH, "past the end", vec(-1.0, 0.0), 0.5).trips("iter", 2);

    at(BREAK_WITH_CLOCK, "break after 3", 0.5, 2.0).trips("iter", 3);
    at(BREAK_WITH_CLOCK, "break at once", 0.5, -1.0).trips("iter", 0);

    at(TRIANGULAR, "n=0", w5, 0).trips("lower", 0).trips("upper", 0);
    at(TRIANGULAR, "n=1", w5, 1).trips("lower", 1).trips("upper", 0);
    at(TRIANGULAR, "n=5", w5, 5).trips("lower", 15).trips("upper", 2 + 2 + 1 + 1);

    at(INDEX_ARITHMETIC, "n=0", vec(), 0).trips("iter", 0).trips("down", 0);
    at(INDEX_ARITHMETIC, "n=1", vec(1.5), 1).trips("iter", 0).trips("down", 1);
    at(INDEX_ARITHMETIC, "n=3", vec(0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, 0.8, -0.9), 3).trips("iter", 6).trips("down", 3);

    at(ROTATION, "n=0", 1.0, 0.5, 0.3, 0).trips("iter", 0);
    at(ROTATION, "n=1", 1.0, 0.5, 0.3, 1).trips("iter", 1);
    at(ROTATION, "n=7", 1.0, 0.5, 0.3, 7).trips("iter", 7);

    at(TWO_POINTERS, "empty", vec(), 0.5).trips("iter", 0);
    at(TWO_POINTERS, "one", vec(1.5), 0.5).trips("iter", 0);
    at(TWO_POINTERS, "two", vec(1.5, -0.5), 0.5).trips("iter", 1);
    at(TWO_POINTERS, "five", w5, 0.5).trips("iter", 2);

    at(LOOP_IN_BRANCH, "for branch", vec(0.5, -1.2, 0.8), 0.7, true).trips("for", 3);
    at(LOOP_IN_BRANCH, "while branch", vec(0.5, -1.2, 0.8), 0.7, false).trips("while", 3);
    at(LOOP_IN_BRANCH, "while branch, empty", vec(), -0.7, true).trips("while", 0);
    at(LOOP_IN_BRANCH, "do branch", vec(0.5), -6.0, true).trips("do", 3);

    at(BRANCH_IN_LOOP, "all three branches", vec(1.5, 0.2, -1.0, 2.0, -0.3, -0.9), 0.6).trips("a", 2).trips("b", 2).trips("c", 2);
    at(BRANCH_IN_LOOP, "one branch", vec(1.5, 2.0), 0.6).trips("a", 2);

    at(FLOAT_LOOP, "n=0", vec(0.5, -0.25), 0.75, 0).trips("iter", 0);
    at(FLOAT_LOOP, "n=1", vec(0.5, -0.25), 0.75, 1).trips("iter", 2);
    at(FLOAT_LOOP, "n=3", vec(0.5, -0.25, 1.25), 0.75, 3).trips("iter", 9);
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @BeforeAll
  static void compile() {
    compiled = LoopHarness.compileClean(Map.of("demo.Loops", LoopHarness.source("Loops", "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
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
    LoopHarness.checkGradient(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(Case k) {
    LoopHarness.checkFiniteDifferences(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tangentMatchesHipparchus(Case k) {
    LoopHarness.checkTangent(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pullbackAccumulatesSeededGradient(Case k) {
    LoopHarness.checkPullback(compiled, k);
  }
}
