package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.rules.RuleHarness.Case;
import io.github.chainrule.processor.rules.RuleHarness.Fn;
import io.github.chainrule.processor.rules.RuleHarness.Ref;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Control flow: if/else (nested), {@code && || !}, comparisons, the conditional operator (also
 * where the unselected operand is singular), early returns from several depths, reassignment in
 * branches, locals assigned in both branches, calls between {@code @Differentiable} methods (same
 * class, another class of the same compilation, a callee whose {@code wrt} excludes a parameter
 * that receives only constants, a callee with an int parameter) and overloaded methods.
 *
 * <p>References are Hipparchus evaluations of the same program, branching on the values.
 */
class ControlFlowTest {
  private static final List<Fn> FNS = new ArrayList<>();
  private static Compiled compiled;

  private static Fn fn(String signature, String body, Ref ref) {
    return add(new Fn("Flow", signature, body, ref));
  }

  private static Fn add(Fn f) {
    FNS.add(f);
    return f;
  }

  private static boolean gt(DerivativeStructure a, double b) {
    return a.getValue() > b;
  }

  // ---- Reference programs, composable for the calls -------------------------------------------

  static DerivativeStructure nestedIf(DerivativeStructure x, DerivativeStructure y) {
    if (x.getValue() > 0) {
      return y.getValue() > x.getValue() ? x.multiply(y) : x.sin().add(y);
    }
    return y.getValue() < -1 ? x.subtract(y.multiply(y)) : x.exp().multiply(y);
  }

  static DerivativeStructure comparisons(DerivativeStructure x, DerivativeStructure y) {
    double a = x.getValue();
    double b = y.getValue();
    if (a == b) {
      return x.multiply(x);
    }
    if (a >= b) {
      return x.subtract(y);
    }
    if (a <= -b) {
      return x.multiply(y);
    }
    return y.subtract(x.multiply(3));
  }

  static DerivativeStructure early(DerivativeStructure x, DerivativeStructure y) {
    DerivativeStructure s = x.multiply(y);
    if (gt(s, 10)) {
      return s;
    }
    if (x.getValue() < 0) {
      if (y.getValue() < 0) {
        return s.negate();
      }
      s = s.add(x);
    }
    s = s.multiply(s);
    if (gt(y, 3)) {
      return s.add(1).sqrt();
    }
    return s.subtract(y);
  }

  static DerivativeStructure helper(DerivativeStructure x, DerivativeStructure y) {
    return x.multiply(y.exp());
  }

  static DerivativeStructure sq(DerivativeStructure u) {
    return u.multiply(u).add(u.sin());
  }

  static DerivativeStructure scaled(DerivativeStructure x, double k) {
    return x.multiply(k).multiply(k);
  }

  static DerivativeStructure powi(DerivativeStructure x, int n) {
    return x.multiply(n).multiply(x);
  }

  private static DerivativeStructure c(DerivativeStructure like, double v) {
    return like.getFactory().constant(v);
  }

  // ---- The methods ----------------------------------------------------------------------------

  static final Fn NESTED_IF =
      fn(
          "double nestedIf(double x, double y)",
          """
          if (x > 0) {
              if (y > x) { return x * y; } else { return Math.sin(x) + y; }
            } else if (y < -1) {
              return x - y * y;
            } else {
              return Math.exp(x) * y;
            }""",
          v -> nestedIf(v[0], v[1]));

  static final Fn LOGIC =
      fn(
          "double logic(double x, double y)",
          """
          double r;
            if (x > 0 && y > 0 || !(x < -1)) { r = x * y + x; } else { r = y / x; }
            if (!(y >= 2) && x != y) { r = r * r; }
            return r;""",
          v -> {
            double x = v[0].getValue();
            double y = v[1].getValue();
            DerivativeStructure r = (x > 0 && y > 0 || !(x < -1)) ? v[0].multiply(v[1]).add(v[0]) : v[1].divide(v[0]);
            return !(y >= 2) && x != y ? r.multiply(r) : r;
          });

  static final Fn COMPARISONS =
      fn(
          "double comparisons(double x, double y)",
          """
          if (x == y) return x * x;
            if (x >= y) { return x - y; }
            if (x <= -y) { return x * y; }
            return y - x * 3;""",
          v -> comparisons(v[0], v[1]));

  static final Fn TERNARY_LOG =
      fn("double ternaryLog(double x)", "x > 0 ? Math.log(x) : 0.0", v -> gt(v[0], 0) ? v[0].log() : c(v[0], 0));
  static final Fn TERNARY_SQRT =
      fn("double ternarySqrt(double x)", "x >= 0 ? Math.sqrt(x) : -x", v -> v[0].getValue() >= 0 ? v[0].sqrt() : v[0].negate());
  static final Fn TERNARY_DIV =
      fn("double ternaryDiv(double x, double y)", "y != 0 ? x / y : x", v -> v[1].getValue() != 0 ? v[0].divide(v[1]) : v[0]);
  static final Fn TERNARY_NESTED =
      fn(
          "double ternaryNested(double x, double y)",
          "x > 0 ? (y > 0 ? x * y : x) : y * y",
          v -> gt(v[0], 0) ? (gt(v[1], 0) ? v[0].multiply(v[1]) : v[0]) : v[1].multiply(v[1]));
  static final Fn TERNARY_IN_EXPRESSION =
      fn(
          "double ternaryInExpression(double x, double y)",
          "double t = 2 * (x < y ? Math.log(y - x) : x - y) + y; return t * x;",
          v -> (v[0].getValue() < v[1].getValue() ? v[1].subtract(v[0]).log() : v[0].subtract(v[1])).multiply(2).add(v[1]).multiply(v[0]));

  static final Fn EARLY =
      fn(
          "double early(double x, double y)",
          """
          double s = x * y;
            if (s > 10) return s;
            if (x < 0) {
              if (y < 0) { return -s; }
              s = s + x;
            }
            s = s * s;
            if (y > 3) return Math.sqrt(s + 1);
            return s - y;""",
          v -> early(v[0], v[1]));

  static final Fn DEEP_EARLY =
      fn(
          "double deepEarly(double x, double y, double z)",
          """
          if (x > 0) {
              if (y > 0) {
                if (z > 0) return x * y * z;
                double t = x + z;
                if (t > 1) return t * y;
              }
              return Math.hypot(x, y) + z;
            }
            return z * z - x;""",
          v -> {
            if (gt(v[0], 0)) {
              if (gt(v[1], 0)) {
                if (gt(v[2], 0)) {
                  return v[0].multiply(v[1]).multiply(v[2]);
                }
                DerivativeStructure t = v[0].add(v[2]);
                if (gt(t, 1)) {
                  return t.multiply(v[1]);
                }
              }
              return DerivativeStructure.hypot(v[0], v[1]).add(v[2]);
            }
            return v[2].multiply(v[2]).subtract(v[0]);
          });

  static final Fn BRANCH_REASSIGN =
      fn(
          "double branchReassign(double x, double y)",
          """
          double r = x;
            if (y > 0) { r = r * y; r = Math.sin(r); } else { r = r + y; r *= r; }
            return r * x;""",
          v -> {
            DerivativeStructure r = gt(v[1], 0) ? v[0].multiply(v[1]).sin() : v[0].add(v[1]).square();
            return r.multiply(v[0]);
          });

  static final Fn UNINITIALIZED =
      fn(
          "double uninitialized(double x, double y)",
          """
          double r;
            if (x > y) { r = x * x; } else { r = y * Math.cos(x); }
            return r + x;""",
          v -> (v[0].getValue() > v[1].getValue() ? v[0].multiply(v[0]) : v[1].multiply(v[0].cos())).add(v[0]));

  static final Fn BOOLEAN_LOCAL =
      fn(
          "double booleanLocal(double x)",
          """
          boolean pos = x > 0;
            double r = pos ? x : -x;
            if (!pos) { r = r * 2; }
            return r * x;""",
          v -> gt(v[0], 0) ? v[0].multiply(v[0]) : v[0].negate().multiply(2).multiply(v[0]));

  static final Fn BRANCH_ON_INT =
      fn(
          "double branchOnInt(double x, int n)",
          """
          double r = x;
            if (n > 2) { r = r * n; } else if (n == 2) { r = Math.exp(r); }
            return n < 0 ? -r : r * x;""",
          v -> {
            int n = (int) v[1].getValue();
            DerivativeStructure r = n > 2 ? v[0].multiply(n) : n == 2 ? v[0].exp() : v[0];
            return n < 0 ? r.negate() : r.multiply(v[0]);
          });

  static final Fn PARAM_REASSIGN_IN_BRANCH =
      fn(
          "double paramReassignInBranch(double x, double y)",
          "if (x > 0) { x = x * x; } else { x -= y; } return x * y;",
          v -> (gt(v[0], 0) ? v[0].multiply(v[0]) : v[0].subtract(v[1])).multiply(v[1]));

  static final Fn COMPOUND_ON_PARAM_IN_BRANCH =
      fn(
          "double compoundOnParamInBranch(double x, double y)",
          "if (y > 0) x += y; else x *= y; return x * x;",
          v -> (gt(v[1], 0) ? v[0].add(v[1]) : v[0].multiply(v[1])).square());

  // Java evaluates a++ > 1 always, b-- < 0 only when the first operand is true.
  static final Fn SIDE_EFFECTS_IN_AND =
      fn(
          "double sideEffectsInAnd(double x, double y)",
          "double a = x; double b = y; if (a++ > 1 && b-- < 0) { return a * b; } return a + b * x;",
          v -> {
            DerivativeStructure a = v[0].add(1);
            if (gt(v[0], 1)) {
              DerivativeStructure b = v[1].subtract(1);
              return v[1].getValue() < 0 ? a.multiply(b) : a.add(b.multiply(v[0]));
            }
            return a.add(v[1].multiply(v[0]));
          });

  // a-- < 0 always evaluated; ++b > 2 only when the first operand is false.
  static final Fn SIDE_EFFECTS_IN_OR =
      fn(
          "double sideEffectsInOr(double x, double y)",
          "double a = x; double b = y; if (a-- < 0 || ++b > 2) { return a * b; } return a + b * x;",
          v -> {
            DerivativeStructure a = v[0].subtract(1);
            if (v[0].getValue() < 0) {
              return a.multiply(v[1]);
            }
            DerivativeStructure b = v[1].add(1);
            return gt(b, 2) ? a.multiply(b) : a.add(b.multiply(v[0]));
          });

  static final Fn TERNARY_INCREMENT =
      fn(
          "double ternaryIncrement(double x)",
          "double a = x; double r = a > 0 ? a++ : a--; return r * a;",
          v -> v[0].multiply(gt(v[0], 0) ? v[0].add(1) : v[0].subtract(1)));

  static final Fn REUSE_AFTER_BRANCHES =
      fn(
          "double reuseAfterBranches(double x, double y)",
          "double r = x * y; if (r > 1) { r = Math.log(r); } double q = r * x; if (q < 0) { q = -q; } return q + r;",
          v -> {
            DerivativeStructure r = v[0].multiply(v[1]);
            if (gt(r, 1)) {
              r = r.log();
            }
            DerivativeStructure q = r.multiply(v[0]);
            if (q.getValue() < 0) {
              q = q.negate();
            }
            return q.add(r);
          });

  static final Fn INT_TERNARY =
      fn(
          "double intTernary(double x, int n)",
          "return Math.pow(x, n > 0 ? 2 : 3) + (x > 1 ? 1 : 2) * x;",
          v -> v[0].pow(v[1].getValue() > 0 ? 2 : 3).add(v[0].multiply(gt(v[0], 1) ? 1 : 2)));

  static final Fn CHAINED_ASSIGN =
      fn(
          "double chainedAssign(double x, double y)",
          "double a, b; a = b = x * y; return a + b * x;",
          v -> v[0].multiply(v[1]).add(v[0].multiply(v[1]).multiply(v[0])));

  static final Fn ASSIGN_IN_EXPRESSION =
      fn(
          "double assignInExpression(double x, double y)",
          "double a; double b = (a = x * y) + x; return a * b;",
          v -> v[0].multiply(v[1]).multiply(v[0].multiply(v[1]).add(v[0])));

  // Calls: the same class.
  static final Fn HELPER = fn("double helper(double x, double y)", "x * Math.exp(y)", v -> helper(v[0], v[1]));
  static final Fn CALLER =
      fn("double caller(double x, double y)", "helper(x * y, y) + helper(y, 2.0)", v -> helper(v[0].multiply(v[1]), v[1]).add(helper(v[1], c(v[0], 2.0))));
  static final Fn CALL_IN_CONDITION =
      fn(
          "double callInCondition(double x, double y)",
          "if (helper(x, y) > 1) { return helper(y, x); } return x > 0 ? helper(x, y) : helper(y, x) * 2;",
          v ->
              gt(helper(v[0], v[1]), 1)
                  ? helper(v[1], v[0])
                  : gt(v[0], 0) ? helper(v[0], v[1]) : helper(v[1], v[0]).multiply(2));
  static final Fn CALLS_BRANCHY =
      fn(
          "double callsBranchy(double x, double y)",
          "double h = helper(x, 0.5); return early(h, y) + comparisons(x, y) * nestedIf(y, x);",
          v -> early(helper(v[0], c(v[0], 0.5)), v[1]).add(comparisons(v[0], v[1]).multiply(nestedIf(v[1], v[0]))));
  // Calls: another class of the same compilation.
  static final Fn OTHER_SQ =
      add(new Fn("Other", "double sq(double u)", "u * u + Math.sin(u)", v -> sq(v[0])));
  static final Fn CALLS_OTHER =
      fn("double callsOther(double x, double y)", "Other.sq(x + y) * x", v -> sq(v[0].add(v[1])).multiply(v[0]));
  static final Fn OTHER_CALLS_BACK =
      add(new Fn("Other", "double callsBack(double u, double w)", "return Flow.helper(u, w) - sq(w);", v -> helper(v[0], v[1]).subtract(sq(v[1]))));
  // Calls: a callee differentiated with respect to x only, its k receiving constants.
  static final Fn SCALED =
      fn("double scaled(double x, double k)", "x * k * k", v -> scaled(v[0], v[1].getValue())).wrt("x");
  static final Fn USE_SCALED =
      fn(
          "double useScaled(double x)",
          "return scaled(x, 3.0) + scaled(x * x, K);",
          v -> scaled(v[0], 3.0).add(scaled(v[0].multiply(v[0]), 0.5)));
  static final Fn USE_SCALED_LOCAL =
      fn(
          "double useScaledLocal(double x, int n)",
          "double k = 2.0; k = k * n; return scaled(x, k);",
          v -> scaled(v[0], 2.0 * v[1].getValue()));
  // Calls: a callee with an int parameter.
  static final Fn POWI = fn("double powi(double x, int n)", "n * x * x", v -> powi(v[0], (int) v[1].getValue()));
  static final Fn USE_POWI =
      fn("double usePowi(double x)", "powi(x, 3) + powi(2 * x, 1)", v -> powi(v[0], 3).add(powi(v[0].multiply(2), 1)));
  static final Fn USE_POWI_N =
      fn(
          "double usePowiN(double x, int n)",
          "return powi(x, n + 1) * n;",
          v -> powi(v[0], (int) v[1].getValue() + 1).multiply(v[1].getValue()));
  // Overloads: f_DD, f_D, f_DI, f_FF.
  static final Fn F_DD = fn("double f(double x, double y)", "x * y + x", v -> v[0].multiply(v[1]).add(v[0])).api("f_DD");
  static final Fn F_D = fn("double f(double x)", "Math.sin(x) * x", v -> v[0].sin().multiply(v[0])).api("f_D");
  static final Fn F_DI = fn("double f(double x, int n)", "x * n * x", v -> v[0].multiply(v[1]).multiply(v[0])).api("f_DI");
  static final Fn F_FF = fn("float f(float a, float b)", "a * b - b", v -> v[0].multiply(v[1]).subtract(v[1])).api("f_FF");
  static final Fn CALLS_OVERLOADS =
      fn(
          "double callsOverloads(double x, double y)",
          "f(x, y) + f(x) + f(x, 2) + f((float) y, 3.0f)",
          v ->
              v[0].multiply(v[1]).add(v[0])
                  .add(v[0].sin().multiply(v[0]))
                  .add(v[0].multiply(2).multiply(v[0]))
                  .add(v[1].multiply(3).subtract(3)))
          .rel(1e-6); // the f_FF term is computed in float

  static Stream<Case> cases() {
    List<Case> k = new ArrayList<>();
    for (double[] p : new double[][] {{1, 2}, {2, 1}, {-1, -2}, {-1, 0.5}}) {
      k.add(at(NESTED_IF, p));
    }
    k.add(at(LOGIC, 3, 2.5)); // && and || true, !(y >= 2) false
    k.add(at(LOGIC, -2, 3)); // both conditions false
    k.add(at(LOGIC, -0.5, -3)); // || through !(x < -1), then r * r
    k.add(at(LOGIC, 1, 1).noFiniteDifferences("on x == y")); // x != y false
    k.add(at(LOGIC, 0.5, 1.5)); // r * r
    k.add(at(COMPARISONS, 2, 2).noFiniteDifferences("on x == y"));
    k.add(at(COMPARISONS, 3, 1));
    k.add(at(COMPARISONS, -3, 1));
    k.add(at(COMPARISONS, 0.5, 1));
    k.add(at(TERNARY_LOG, 2));
    // At 0 and below, the untaken log(x) must not leak NaN or infinity into the derivative.
    k.add(at(TERNARY_LOG, 0).noFiniteDifferences("at the branch point"));
    k.add(at(TERNARY_LOG, -1));
    k.add(at(TERNARY_SQRT, -4));
    k.add(at(TERNARY_SQRT, 4));
    k.add(at(TERNARY_DIV, 3, 0).noFiniteDifferences("at the branch point"));
    k.add(at(TERNARY_DIV, 3, 2));
    k.add(at(TERNARY_NESTED, 1, 2));
    k.add(at(TERNARY_NESTED, 1, -2));
    k.add(at(TERNARY_NESTED, -1, 3));
    k.add(at(TERNARY_IN_EXPRESSION, 1, 3));
    k.add(at(TERNARY_IN_EXPRESSION, 3, 3).noFiniteDifferences("at the branch point: log(0) untaken"));
    k.add(at(TERNARY_IN_EXPRESSION, 4, -1));
    for (double[] p : new double[][] {{4, 5}, {-2, -1}, {-2, 1}, {1, 4}, {1, 2}}) {
      k.add(at(EARLY, p));
    }
    for (double[] p : new double[][] {{1, 2, 3}, {1, 2, -0.5}, {2, 2, -0.5}, {1, -2, 0.5}, {-1, 2, 3}}) {
      k.add(at(DEEP_EARLY, p));
    }
    k.add(at(BRANCH_REASSIGN, 1.5, 0.5));
    k.add(at(BRANCH_REASSIGN, 1.5, -0.5));
    k.add(at(BRANCH_REASSIGN, -2, 1.5));
    k.add(at(UNINITIALIZED, 2, 1));
    k.add(at(UNINITIALIZED, -1, 1));
    k.add(at(BOOLEAN_LOCAL, 1.5));
    k.add(at(BOOLEAN_LOCAL, -1.5));
    for (int n : new int[] {3, 2, 1, -1}) {
      k.add(at(BRANCH_ON_INT, 0.75, n));
    }
    k.add(at(PARAM_REASSIGN_IN_BRANCH, 1.5, -0.5));
    k.add(at(PARAM_REASSIGN_IN_BRANCH, -1.5, 0.25));
    k.add(at(COMPOUND_ON_PARAM_IN_BRANCH, 1.5, 0.5));
    k.add(at(COMPOUND_ON_PARAM_IN_BRANCH, 1.5, -0.5));
    k.add(at(SIDE_EFFECTS_IN_AND, 2, -1));
    k.add(at(SIDE_EFFECTS_IN_AND, 2, 1));
    k.add(at(SIDE_EFFECTS_IN_AND, 0.5, -1));
    k.add(at(SIDE_EFFECTS_IN_OR, -1, 3));
    k.add(at(SIDE_EFFECTS_IN_OR, 1, 1.5));
    k.add(at(SIDE_EFFECTS_IN_OR, 1, 0.5));
    k.add(at(TERNARY_INCREMENT, 1.5));
    k.add(at(TERNARY_INCREMENT, -1.5));
    for (double[] p : new double[][] {{2, 1}, {-2, 0.25}, {0.5, 0.5}, {-3, -1}}) {
      k.add(at(REUSE_AFTER_BRANCHES, p));
    }
    k.add(at(INT_TERNARY, 1.5, 1));
    k.add(at(INT_TERNARY, 0.5, -1));
    k.add(at(CHAINED_ASSIGN, 1.5, -0.5));
    k.add(at(ASSIGN_IN_EXPRESSION, 1.5, -0.5));
    k.add(at(CALL_IN_CONDITION, 1, 0.5));
    k.add(at(CALL_IN_CONDITION, 0.5, -1));
    k.add(at(CALL_IN_CONDITION, -1, 0.5));
    k.add(at(HELPER, 1.5, -0.5));
    k.add(at(CALLER, 1.5, -0.5));
    k.add(at(CALLER, -0.25, 2));
    k.add(at(CALLS_BRANCHY, 1.5, 2));
    k.add(at(CALLS_BRANCHY, -1.5, -2));
    k.add(at(CALLS_BRANCHY, 0.7, 3.5));
    k.add(at(OTHER_SQ, 0.8));
    k.add(at(CALLS_OTHER, 0.5, 1.25));
    k.add(at(CALLS_OTHER, -2, 0.5));
    k.add(at(OTHER_CALLS_BACK, 0.5, -1.5));
    k.add(at(SCALED, 1.5, 3));
    k.add(at(USE_SCALED, 1.5));
    k.add(at(USE_SCALED, -2));
    k.add(at(USE_SCALED_LOCAL, 1.5, 3));
    k.add(at(POWI, 1.5, 3));
    k.add(at(USE_POWI, 1.5));
    k.add(at(USE_POWI_N, -0.5, 2));
    k.add(at(F_DD, 1.5, 2));
    k.add(at(F_D, 1.5));
    k.add(at(F_DI, 1.5, 3));
    k.add(at(F_FF, 1.5, -2.5));
    k.add(at(CALLS_OVERLOADS, 0.75, -1.25).noFiniteDifferences("float steps in (float) y"));
    return k.stream();
  }

  private static Case at(Fn f, double... x) {
    return new Case(f, x);
  }

  @BeforeAll
  static void compile() {
    compiled =
        RuleHarness.compileClean(
            Map.of(
                "demo.Flow", RuleHarness.source("Flow", "  static final double K = 0.5;\n", FNS),
                "demo.Other", RuleHarness.source("Other", "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  @Test
  void everyMethodHasCases() {
    for (Fn f : FNS) {
      assertTrue(cases().anyMatch(k -> k.fn == f), "no cases for " + f.api);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesHipparchus(Case k) {
    RuleHarness.checkGradient(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(Case k) {
    if (k.finiteDifferences) {
      RuleHarness.checkFiniteDifferences(compiled, k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tangentMatchesHipparchus(Case k) {
    RuleHarness.checkTangent(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pullbackAccumulatesSeededGradient(Case k) {
    RuleHarness.checkPullback(compiled, k);
  }

  @Test
  void untakenSingularBranchGivesZeroNotNaN() {
    for (double x : new double[] {0.0, -0.0, -1.0, -1e300}) {
      double[] g = RuleHarness.gradient(compiled, TERNARY_LOG, new double[] {x});
      assertEquals(0.0, g[0], 0.0, "value at " + x);
      assertEquals(0.0, Math.abs(g[1]), 0.0, "d/dx at " + x);
      assertEquals(0.0, Math.abs(RuleHarness.tangent(compiled, TERNARY_LOG, new double[] {x}, new double[] {1})), 0.0, "tangent at " + x);
      double[] adj = {0.5};
      RuleHarness.pullback(compiled, TERNARY_LOG, new double[] {x}, 2.5, adj, 0);
      assertEquals(0.5, adj[0], 0.0, "pullback at " + x);
    }
  }

  @Test
  void overloadsGetDescriptorNames() {
    Class<?> grad = compiled.load("demo.Flow_Grad");
    List<String> names = Arrays.stream(grad.getMethods()).map(m -> m.getName()).toList();
    for (String base : List.of("f_DD", "f_D", "f_DI", "f_FF")) {
      assertTrue(names.contains(base), base + " in " + names);
      assertTrue(names.contains(base + "Tangent"), base + "Tangent in " + names);
      assertTrue(names.contains(base + "Pullback"), base + "Pullback in " + names);
    }
    assertFalse(names.contains("f"), "an overloaded method keeps no plain name");
    assertFalse(names.contains("fTangent"));
    List<String> records = Arrays.stream(grad.getDeclaredClasses()).map(Class::getSimpleName).toList();
    for (String r : List.of("F_DDGradient", "F_DGradient", "F_DIGradient", "F_FFGradient")) {
      assertTrue(records.contains(r), r + " in " + records);
    }
  }

  @Test
  void wrtCalleeHasOnlyItsParameterSlot() throws Exception {
    Class<?> grad = compiled.load("demo.Flow_Grad");
    Object record = grad.getMethod("scaled", double.class, double.class).invoke(null, 1.5, 3.0);
    assertArrayEquals(new String[] {"value", "dX"}, Arrays.stream(record.getClass().getRecordComponents()).map(c -> c.getName()).toArray());
    assertArrayEquals(
        new Class<?>[] {double.class, double.class, double.class},
        grad.getMethod("scaledTangent", double.class, double.class, double.class).getParameterTypes());
  }
}
