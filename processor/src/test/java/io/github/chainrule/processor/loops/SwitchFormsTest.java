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
 * Every form of {@code switch} on an int: the arrow and the colon statement (fall-through,
 * {@code break}, {@code default} in the middle, several labels per case), a switch in a loop with
 * {@code continue} and {@code break} (which leaves the switch, not the loop), {@code return} from
 * a case, switch expressions with arrow values and {@code yield} blocks (and a colon-form one),
 * nested switches, and a switch on a loop counter picking a formula per iteration. Each against a
 * Hipparchus evaluation of the same program and finite differences, in every mode.
 */
class SwitchFormsTest {
  private static final List<Fn> FNS = new ArrayList<>();
  private static final List<Case> CASES = new ArrayList<>();
  private static Compiled compiled;

  private static Fn fn(String signature, String body, Ref ref) {
    Fn f = new Fn("Switches", signature, body, ref);
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

  static final Fn ARROW_STATEMENT =
      fn(
          "double arrowStatement(double x, int k)",
          """
          double y = x;
          switch (k) {
            case 0 -> y = Math.sin(x);
            case 1, 2 -> {
              double t = x * x;
              y = t * y + k;
            }
            default -> y *= Math.exp(x);
          }
          return y * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x;
            int k = in.i("k");
            if (k == 0) {
              in.tick("0");
              y = x.sin();
            } else if (k == 1 || k == 2) {
              in.tick("12");
              y = x.multiply(x).multiply(y).add(k);
            } else {
              in.tick("default");
              y = y.multiply(x.exp());
            }
            return y.multiply(x);
          });

  static final Fn COLON_FALL_THROUGH =
      fn(
          "double colonFallThrough(double x, double z, int k)",
          """
          double y = 1;
          switch (k) {
            case 1:
              y = y * x;
            case 2:
              y = y + z * x;
              break;
            default:
              y = -y;
            case 4:
            case 5:
              y = y * Math.cos(z);
              if (x > 0) {
                break;
              }
              y = y + x * z;
            case 6:
              y += 3;
          }
          return y * z;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure z = in.d("z");
            DerivativeStructure y = x.getField().getOne();
            int k = in.i("k");
            int at = k == 1 ? 1 : k == 2 ? 2 : k == 4 || k == 5 ? 4 : k == 6 ? 6 : 3;
            if (at == 1) {
              y = y.multiply(x);
            }
            if (at <= 2) {
              y = y.add(z.multiply(x));
              in.tick("broke");
              return y.multiply(z);
            }
            if (at == 3) {
              y = y.negate();
            }
            if (at <= 4) {
              y = y.multiply(z.cos());
              if (x.getValue() > 0) {
                in.tick("broke");
                return y.multiply(z);
              }
              y = y.add(x.multiply(z));
            }
            y = y.add(3);
            return y.multiply(z);
          });

  /** A local declared in one case is in scope (not assigned) in the cases after it. */
  static final Fn LOCAL_ACROSS_CASES =
      fn(
          "double localAcrossCases(double x, int k)",
          """
          double y = x;
          switch (k) {
            case 1:
              double t = x * 2;
              y = t;
            case 2:
              t = x + 1;
              y = y * t;
              break;
            default:
              y = -y;
          }
          return y;""",
          in -> {
            DerivativeStructure x = in.d("x");
            int k = in.i("k");
            if (k == 1) {
              return x.multiply(2).multiply(x.add(1));
            }
            return k == 2 ? x.multiply(x.add(1)) : x.negate();
          });

  /** No default: a selector no case matches skips the switch. */
  static final Fn NO_DEFAULT =
      fn(
          "double noDefault(double x, int k)",
          """
          double y = x;
          switch (k) {
            case 3: y = y * y; break;
            case 7: y = Math.sqrt(y);
          }
          return y + x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x;
            int k = in.i("k");
            if (k == 3) {
              y = y.multiply(y);
            } else if (k == 7) {
              y = y.sqrt();
            }
            return y.add(x);
          });

  static final Fn IN_LOOP =
      fn(
          "double inLoop(double[] w, double x)",
          """
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            switch (i % 4) {
              case 0:
                s += w[i] * x;
                break;
              case 1:
                if (w[i] < 0) {
                  continue;
                }
                s = s * w[i];
                break;
              case 2:
                if (s > 5) {
                  break;
                }
                s = s + Math.sin(w[i] * s);
                break;
              default:
                s -= x;
            }
            s = s * 0.5 + x;
          }
          return s;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x.getField().getZero();
            for (int i = 0; i < w.length; i++) {
              in.tick("iter");
              int k = i % 4;
              if (k == 0) {
                s = s.add(w[i].multiply(x));
              } else if (k == 1) {
                if (w[i].getValue() < 0) {
                  in.tick("continue");
                  continue;
                }
                s = s.multiply(w[i]);
              } else if (k == 2) {
                if (!(s.getValue() > 5)) {
                  s = s.add(w[i].multiply(s).sin());
                }
              } else {
                s = s.subtract(x);
              }
              s = s.multiply(0.5).add(x);
            }
            return s;
          });

  /** A break of the loop (labelled) and a return from inside the switch. */
  static final Fn LEAVES_LOOP =
      fn(
          "double leavesLoop(double[] w, double x)",
          """
          double s = x;
          outer:
          for (int i = 0; i < w.length; i++) {
            switch ((int) Math.floor(w[i])) {
              case 0 -> s = s * w[i];
              case 1 -> {
                if (s > 10) {
                  break outer;
                }
                s = s + w[i] * x;
              }
              case -1 -> {
                return s * Math.exp(w[i]);
              }
              default -> s = s + 1;
            }
            s = Math.tanh(s) * 3;
          }
          return s * x;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            for (int i = 0; i < w.length; i++) {
              in.tick("iter");
              int k = (int) Math.floor(w[i].getValue());
              if (k == 0) {
                s = s.multiply(w[i]);
              } else if (k == 1) {
                if (s.getValue() > 10) {
                  in.tick("break");
                  break;
                }
                s = s.add(w[i].multiply(x));
              } else if (k == -1) {
                in.tick("return");
                return s.multiply(w[i].exp());
              } else {
                s = s.add(1);
              }
              s = s.tanh().multiply(3);
            }
            return s.multiply(x);
          });

  static final Fn EXPRESSION_YIELD =
      fn(
          "double expressionYield(double x, double z, int k)",
          """
          double y = switch (k) {
            case 0 -> x * z;
            case 1, 2 -> {
              double t = Math.sin(x);
              if (t > 0.5) {
                yield t * z;
              }
              yield t + k;
            }
            default -> {
              z = z * 2;
              yield Math.exp(x) - z;
            }
          };
          return y * z;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure z = in.d("z");
            DerivativeStructure y;
            int k = in.i("k");
            if (k == 0) {
              y = x.multiply(z);
            } else if (k == 1 || k == 2) {
              DerivativeStructure t = x.sin();
              y = t.getValue() > 0.5 ? t.multiply(z) : t.add(k);
            } else {
              z = z.multiply(2);
              y = x.exp().subtract(z);
            }
            return y.multiply(z);
          });

  /** Arms of several types: int and double, converted to the switch's type (double). */
  static final Fn EXPRESSION_MIXED =
      fn(
          "double expressionMixed(double x, int k)",
          """
          int n = switch (k) { case 0 -> 3; case 1 -> k * 5; default -> { int m = k + 1; yield m * m; } };
          double y = x * switch (n % 3) {
            case 0: yield 2;
            case 1:
            case 2: yield Math.cos(x) * n;
            default: yield 0.5f;
          };
          return y + n;""",
          in -> {
            DerivativeStructure x = in.d("x");
            int k = in.i("k");
            int n = k == 0 ? 3 : k == 1 ? k * 5 : (k + 1) * (k + 1);
            DerivativeStructure f = n % 3 == 0 ? x.getField().getOne().multiply(2) : (n % 3 == 1 || n % 3 == 2) ? x.cos().multiply(n) : x.getField().getOne().multiply(0.5);
            return x.multiply(f).add(n);
          });

  /** Arms of three types in a loop: a result variable per type, started at zero per iteration. */
  static final Fn MIXED_IN_LOOP =
      fn(
          "double mixedInLoop(double x, int n)",
          """
          double s = x;
          for (int i = 0; i < n; i++) {
            s = s * 0.5 + switch (i % 3) {
              case 0 -> i;
              case 1 -> {
                float f = 0.5f;
                yield f;
              }
              default -> Math.sin(s * x);
            };
          }
          return s;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              s = s.multiply(0.5).add(i % 3 == 0 ? x.getField().getZero().add(i) : i % 3 == 1 ? x.getField().getZero().add(0.5) : s.multiply(x).sin());
            }
            return s;
          });

  static final Fn NESTED =
      fn(
          "double nested(double x, int a, int b)",
          """
          double y = x;
          switch (a) {
            case 0:
              switch (b) {
                case 0: y = y * x; break;
                case 1: y = y + x;
                default: y = Math.sin(y);
              }
              y = y * 2;
              break;
            case 1:
              y = switch (b) { case 0 -> x * x * x; default -> switch (b - a) { case 0 -> Math.log(x); default -> -x; }; };
              break;
            default:
              break;
          }
          return y * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x;
            int a = in.i("a");
            int b = in.i("b");
            if (a == 0) {
              if (b == 0) {
                y = y.multiply(x);
              } else {
                if (b == 1) {
                  y = y.add(x);
                }
                y = y.sin();
              }
              y = y.multiply(2);
            } else if (a == 1) {
              y = b == 0 ? x.multiply(x).multiply(x) : (b - a == 0 ? x.log() : x.negate());
            }
            return y.multiply(x);
          });

  /** A switch on the loop counter picks a formula per iteration (a piecewise recurrence). */
  static final Fn ON_COUNTER =
      fn(
          "double onCounter(double x, double z, int n)",
          """
          double s = x;
          int i = 0;
          while (i < n) {
            s = switch (i % 3) {
              case 0 -> s * z + Math.sin(s);
              case 1 -> Math.hypot(s, z);
              default -> s / (1 + z * z);
            };
            switch (i) {
              case 4: s = s * x;
              case 5: s = s - z; break;
            }
            i++;
          }
          return s;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure z = in.d("z");
            DerivativeStructure s = x;
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              s =
                  switch (i % 3) {
                    case 0 -> s.multiply(z).add(s.sin());
                    case 1 -> s.hypot(z);
                    default -> s.divide(z.multiply(z).add(1));
                  };
              if (i == 4) {
                s = s.multiply(x);
              }
              if (i == 4 || i == 5) {
                s = s.subtract(z);
              }
            }
            return s;
          });

  /**
   * A yield from inside a switch statement inside a switch expression's block, and a for-each
   * with a switch whose case continues.
   */
  static final Fn YIELD_THROUGH_STATEMENT =
      fn(
          "double yieldThroughStatement(double[] w, double x, int k, int j)",
          """
          double y = switch (k) {
            case 0 -> {
              double t = x;
              switch (j) {
                case 1:
                  yield t * 2;
                case 2:
                  t = t * t;
                default:
                  t = t + 1;
              }
              yield t * x;
            }
            default -> x;
          };
          for (double e : w) {
            switch (j) {
              case 1 -> {
                if (e > 0) {
                  continue;
                }
                y = y * e;
              }
              default -> y = y + Math.atan(e * x);
            }
            y = y * 0.75;
          }
          return y;""",
          in -> {
            DerivativeStructure[] w = in.v("w");
            DerivativeStructure x = in.d("x");
            int k = in.i("k");
            int j = in.i("j");
            DerivativeStructure y;
            if (k == 0) {
              DerivativeStructure t = x;
              if (j == 1) {
                y = t.multiply(2);
              } else {
                if (j == 2) {
                  t = t.multiply(t);
                }
                t = t.add(1);
                y = t.multiply(x);
              }
            } else {
              y = x;
            }
            for (DerivativeStructure e : w) {
              if (j == 1) {
                if (e.getValue() > 0) {
                  in.tick("continue");
                  continue;
                }
                y = y.multiply(e);
              } else {
                y = y.add(e.multiply(x).atan());
              }
              y = y.multiply(0.75);
            }
            return y;
          });

  /**
   * Twelve switches in a row, each with a case that returns: the rest of the method follows each
   * switch once (behind a flag), not once per case (4^12 copies, which overflowed the stack).
   */
  static final Fn MANY_RETURNING =
      fn(
          "double manyReturning(double x, int k)",
          manyReturningBody(),
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x;
            int k = in.i("k");
            for (int i = 0; i < 12; i++) {
              int sel = (k + i) % 5;
              if (sel == 0) {
                y = y.multiply(1.1);
              } else if (sel == 1) {
                y = y.add(x.sin());
              } else if (sel == 2 && i == 9) {
                in.tick("return");
                return y.multiply(x);
              } else {
                y = y.multiply(0.9).add(0.1);
              }
            }
            return y;
          });

  private static String manyReturningBody() {
    StringBuilder b = new StringBuilder("double y = x;\n");
    for (int i = 0; i < 12; i++) {
      b.append("switch ((k + ").append(i).append(") % 5) {\n")
          .append("  case 0: y = y * 1.1; break;\n")
          .append("  case 1: y = y + Math.sin(x); break;\n")
          .append("  case 2: if (").append(i).append(" == 9) { return y * x; }\n")
          .append("  default: y = y * 0.9 + 0.1;\n")
          .append("}\n");
    }
    return b.append("return y;").toString();
  }

  /** The example of the README ("What a @Differentiable method may contain"), word for word. */
  static final Fn README_EXAMPLE =
      fn(
          "double piecewise(double x, int n)",
          """
          double s = x;
          for (int i = 0; i < n; i++) {
            s = switch (i % 3) {
              case 0 -> s * x + Math.sin(s);
              case 1 -> Math.hypot(s, x);
              default -> {
                double t = 1 + x * x;
                yield s / t;
              }
            };
          }
          return s;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure s = x;
            for (int i = 0; i < in.i("n"); i++) {
              in.tick("iter");
              s = i % 3 == 0 ? s.multiply(x).add(s.sin()) : i % 3 == 1 ? s.hypot(x) : s.divide(x.multiply(x).add(1));
            }
            return s;
          });

  /** A return from a case (outside any loop): the rest of the method follows the other cases. */
  static final Fn RETURN_FROM_CASE =
      fn(
          "double returnFromCase(double x, int k)",
          """
          double y = x * x;
          switch (k) {
            case 1:
              return y * 3;
            case 2:
              y = y + x;
            case 3:
              if (x < 0) {
                return -y;
              }
              break;
            default:
              y = Math.cbrt(y + 1);
          }
          return y * x;""",
          in -> {
            DerivativeStructure x = in.d("x");
            DerivativeStructure y = x.multiply(x);
            int k = in.i("k");
            if (k == 1) {
              return y.multiply(3);
            }
            if (k == 2 || k == 3) {
              if (k == 2) {
                y = y.add(x);
              }
              if (x.getValue() < 0) {
                return y.negate();
              }
            } else {
              y = y.add(1).cbrt();
            }
            return y.multiply(x);
          });

  static {
    for (int k = -1; k <= 3; k++) {
      at(ARROW_STATEMENT, "k=" + k, 0.7, k).trips(k == 0 ? "0" : k == 1 || k == 2 ? "12" : "default", 1);
    }
    for (int k = 0; k <= 7; k++) {
      at(COLON_FALL_THROUGH, "k=" + k + ", x>0", 0.6, -1.3, k);
      at(COLON_FALL_THROUGH, "k=" + k + ", x<0", -0.6, 0.4, k);
    }
    at(LOCAL_ACROSS_CASES, "k=1", 0.7, 1);
    at(LOCAL_ACROSS_CASES, "k=2", 0.7, 2);
    at(LOCAL_ACROSS_CASES, "k=0", 0.7, 0);
    at(NO_DEFAULT, "k=3", 1.7, 3);
    at(NO_DEFAULT, "k=7", 1.7, 7);
    at(NO_DEFAULT, "k=5 (no case)", 1.7, 5);
    at(IN_LOOP, "empty", vec(), 0.8).trips("iter", 0);
    at(IN_LOOP, "every case", vec(0.9, 1.5, -0.4, 2.0, 0.3, -0.7, 1.1, 0.6), 0.8).trips("iter", 8).trips("continue", 1);
    at(IN_LOOP, "breaks out of case 2", vec(9, 2, 0.5, 1), 1.2).trips("iter", 4).trips("continue", 0);
    at(LEAVES_LOOP, "no jump", vec(0.5, 2.5, 0.2), 0.7).trips("iter", 3).trips("break", 0).trips("return", 0);
    at(LEAVES_LOOP, "break outer", vec(1.5, 0.5), 11.0).trips("iter", 1).trips("break", 1);
    at(LEAVES_LOOP, "return", vec(0.5, -0.5, 1.3), 0.9).trips("iter", 2).trips("return", 1);
    for (int k = -1; k <= 3; k++) {
      at(EXPRESSION_YIELD, "k=" + k + ", sin>0.5", 1.1, 0.7, k);
      at(EXPRESSION_YIELD, "k=" + k + ", sin<0.5", 0.2, -0.7, k);
    }
    for (int k = -1; k <= 4; k++) {
      at(EXPRESSION_MIXED, "k=" + k, 0.9, k);
    }
    at(MIXED_IN_LOOP, "n=0", 0.8, 0).trips("iter", 0);
    at(MIXED_IN_LOOP, "n=7", 0.8, 7).trips("iter", 7);
    for (int a = 0; a <= 2; a++) {
      for (int b = 0; b <= 2; b++) {
        at(NESTED, "a=" + a + ", b=" + b, 1.3, a, b);
      }
    }
    at(ON_COUNTER, "n=0", 0.4, 0.8, 0).trips("iter", 0);
    at(ON_COUNTER, "n=3", 0.4, 0.8, 3).trips("iter", 3);
    at(ON_COUNTER, "n=8", 0.4, -0.8, 8).trips("iter", 8);
    for (int k = 0; k <= 1; k++) {
      for (int j = 0; j <= 2; j++) {
        at(YIELD_THROUGH_STATEMENT, "k=" + k + ", j=" + j, vec(0.5, -1.5, 0.25), 0.9, k, j).trips("continue", j == 1 ? 2 : 0);
      }
    }
    at(MANY_RETURNING, "k=0", 0.7, 0).trips("return", 0);
    at(MANY_RETURNING, "k=3 (returns at the tenth)", 0.7, 3).trips("return", 1);
    at(README_EXAMPLE, "n=0", 0.6, 0).trips("iter", 0);
    at(README_EXAMPLE, "n=4", 0.6, 4).trips("iter", 4);
    at(README_EXAMPLE, "n=7", -1.3, 7).trips("iter", 7);
    for (int k = 0; k <= 4; k++) {
      at(RETURN_FROM_CASE, "k=" + k + ", x>0", 0.8, k);
      at(RETURN_FROM_CASE, "k=" + k + ", x<0", -0.8, k);
    }
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @BeforeAll
  static void compile() {
    compiled = LoopHarness.compileClean(Map.of("demo.Switches", LoopHarness.source("Switches", "", FNS)));
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
