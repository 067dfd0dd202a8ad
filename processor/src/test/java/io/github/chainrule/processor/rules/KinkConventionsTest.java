package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.rules.RuleHarness.Fn;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documented conventions where a derivative does not exist, tested exactly at the kinks:
 *
 * <ul>
 *   <li>abs'(0) = 0; max/min on a tie give 1/2 to each operand;
 *   <li>sqrt and cbrt at 0: +Infinity; hypot and atan2 at (0, 0): 0;
 *   <li>pow(a, b): d/da = 0 where b == 0, d/db = 0 where a <= 0;
 *   <li>floor, ceil, rint, signum: 0;
 *   <li>copySign(m, s): d/dm = sign(m) sign(s) by sign bits, d/ds = 0;
 *   <li>(DerivativeRules' Javadoc) log at 0 and asin, acos at +-1: the infinite limit.
 * </ul>
 *
 * <p>Expected values are the conventions themselves (or, away from the kink, the textbook
 * derivative), compared exactly; -0.0 counts as 0. The tangent is checked along each unit
 * direction whose other partials are finite (a zero direction times an infinite partial is NaN in
 * any forward mode), the pullback with seed 2.5 into a pre-filled array at offset 1.
 */
class KinkConventionsTest {
  private static final String OWNER = "Kinks";
  private static final List<Fn> FNS = new ArrayList<>();
  private static Compiled compiled;

  private static Fn fn(String signature, String body) {
    // No Hipparchus reference here: the conventions are not what a derivative structure gives.
    Fn f = new Fn(OWNER, signature, body, v -> v[0]);
    FNS.add(f);
    return f;
  }

  static final Fn ABS = fn("double abs(double x)", "Math.abs(x)");
  static final Fn ABS_DIFF = fn("double absDiff(double x, double y)", "Math.abs(x - y)");
  static final Fn ABS_TIMES = fn("double absTimes(double x, double y)", "Math.abs(x) * y");
  static final Fn MAX_SELF = fn("double maxSelf(double x)", "Math.max(x, x)");
  static final Fn MIN_SELF = fn("double minSelf(double x)", "Math.min(x, x)");
  static final Fn MAX = fn("double max(double x, double y)", "Math.max(x, y)");
  static final Fn MIN = fn("double min(double x, double y)", "Math.min(x, y)");
  static final Fn MAX_PLUS_MIN = fn("double maxPlusMin(double x, double y)", "Math.max(x, y) + Math.min(x, y)");
  static final Fn MAX_ZERO = fn("double maxZero(double x)", "Math.max(x, 0.0)");
  static final Fn MIN_ZERO = fn("double minZero(double x)", "Math.min(x, 0.0)");
  static final Fn STRICT_MAX = fn("double strictMax(double x, double y)", "StrictMath.max(x, y)");
  static final Fn SQRT = fn("double sqrt(double x)", "Math.sqrt(x)");
  static final Fn CBRT = fn("double cbrt(double x)", "Math.cbrt(x)");
  static final Fn HYPOT = fn("double hypot(double x, double y)", "Math.hypot(x, y)");
  static final Fn ATAN2 = fn("double atan2(double x, double y)", "Math.atan2(x, y)");
  static final Fn POW = fn("double pow(double x, double y)", "Math.pow(x, y)");
  static final Fn POW_ZERO_BASE = fn("double powZeroBase(double y)", "Math.pow(0.0, y)");
  static final Fn POW_CONST_ZERO = fn("double powConstZero(double x)", "Math.pow(x, 0.0)");
  static final Fn POW_CONST_HALF = fn("double powConstHalf(double x)", "Math.pow(x, 0.5)");
  static final Fn POW_CONST_TWO = fn("double powConstTwo(double x)", "Math.pow(x, 2.0)");
  static final Fn FLOOR = fn("double floor(double x)", "Math.floor(x)");
  static final Fn CEIL = fn("double ceil(double x)", "Math.ceil(x)");
  static final Fn RINT = fn("double rint(double x)", "Math.rint(x)");
  static final Fn SIGNUM = fn("double signum(double x)", "Math.signum(x)");
  static final Fn FLOOR_TIMES = fn("double floorTimes(double x)", "Math.floor(x) * x");
  static final Fn COPY_SIGN = fn("double copySign(double x, double y)", "Math.copySign(x, y)");
  static final Fn LOG = fn("double log(double x)", "Math.log(x)");
  static final Fn ASIN = fn("double asin(double x)", "Math.asin(x)");
  static final Fn ACOS = fn("double acos(double x)", "Math.acos(x)");

  private static final double INF = Double.POSITIVE_INFINITY;

  /** A kink: the function, the point, and the exact expected partials. */
  record Kink(Fn fn, double[] at, double[] expected, String rule) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(fn.api).append('(');
      for (int i = 0; i < at.length; i++) {
        b.append(i > 0 ? ", " : "").append(RuleHarness.fmt(at[i]));
      }
      return b.append(") -> ").append(Arrays.toString(expected)).append(": ").append(rule).toString();
    }
  }

  private static Kink kink(String rule, Fn fn, double[] at, double... expected) {
    return new Kink(fn, at, expected, rule);
  }

  private static double[] p(double... x) {
    return x;
  }

  static Stream<Kink> kinks() {
    return Stream.of(
        kink("abs'(0) = 0", ABS, p(0.0), 0),
        kink("abs'(-0) = 0", ABS, p(-0.0), 0),
        kink("abs'(0) = 0", ABS_DIFF, p(1.5, 1.5), 0, 0),
        kink("abs'(0) = 0", ABS_TIMES, p(0.0, 3.0), 0, 0),
        kink("abs away from 0", ABS_TIMES, p(-2.0, 3.0), -3, 2),
        kink("max(x, x): 1/2 + 1/2", MAX_SELF, p(1.5), 1),
        kink("max(x, x): 1/2 + 1/2", MAX_SELF, p(-2.0), 1),
        kink("min(x, x): 1/2 + 1/2", MIN_SELF, p(1.5), 1),
        kink("max tie: 1/2 each", MAX, p(2.0, 2.0), 0.5, 0.5),
        kink("max tie (-0 == 0): 1/2 each", MAX, p(-0.0, 0.0), 0.5, 0.5),
        kink("min tie: 1/2 each", MIN, p(2.0, 2.0), 0.5, 0.5),
        kink("StrictMath.max tie: 1/2 each", STRICT_MAX, p(-3.0, -3.0), 0.5, 0.5),
        kink("max + min = x + y, also on a tie", MAX_PLUS_MIN, p(1.0, 1.0), 1, 1),
        kink("max(x, 0) at 0: 1/2", MAX_ZERO, p(0.0), 0.5),
        kink("max(x, 0) at 1", MAX_ZERO, p(1.0), 1),
        kink("max(x, 0) at -1", MAX_ZERO, p(-1.0), 0),
        kink("min(x, 0) at 0: 1/2", MIN_ZERO, p(0.0), 0.5),
        kink("min(x, 0) at -1", MIN_ZERO, p(-1.0), 1),
        kink("sqrt'(0) = +Infinity", SQRT, p(0.0), INF),
        kink("sqrt'(-0) = +Infinity (-0 is 0)", SQRT, p(-0.0), INF),
        kink("cbrt'(0) = +Infinity", CBRT, p(0.0), INF),
        kink("cbrt'(-0) = +Infinity (-0 is 0)", CBRT, p(-0.0), INF),
        kink("hypot at (0, 0): 0", HYPOT, p(0.0, 0.0), 0, 0),
        kink("hypot at (-0, 0): 0", HYPOT, p(-0.0, 0.0), 0, 0),
        kink("atan2 at (0, 0): 0", ATAN2, p(0.0, 0.0), 0, 0),
        kink("atan2 at (-0, -0): 0", ATAN2, p(-0.0, -0.0), 0, 0),
        kink("pow(0, 2): d/da = 2 * 0, d/db = 0 (a <= 0)", POW, p(0.0, 2.0), 0, 0),
        kink("pow(0, 0.5): d/da = +Infinity, d/db = 0 (a <= 0)", POW, p(0.0, 0.5), INF, 0),
        kink("pow(0, 0): d/da = 0 (b == 0), d/db = 0 (a <= 0)", POW, p(0.0, 0.0), 0, 0),
        kink("pow(3, 0): d/da = 0 (b == 0), d/db = ln 3", POW, p(3.0, 0.0), 0, Math.log(3)),
        kink("pow(-2, 3): d/da = 3 * 4, d/db = 0 (a <= 0)", POW, p(-2.0, 3.0), 12, 0),
        kink("pow(-2, 0): d/da = 0 (b == 0), d/db = 0 (a <= 0)", POW, p(-2.0, 0.0), 0, 0),
        kink("pow(0, y): d/dy = 0 (a <= 0)", POW_ZERO_BASE, p(2.0), 0),
        kink("pow(x, 0.0) at 0: 0", POW_CONST_ZERO, p(0.0), 0),
        kink("pow(x, 0.0) at -3: 0", POW_CONST_ZERO, p(-3.0), 0),
        kink("pow(x, 0.5) at 0: +Infinity", POW_CONST_HALF, p(0.0), INF),
        kink("pow(x, 2.0) at 0: 0", POW_CONST_TWO, p(0.0), 0),
        kink("pow(x, 2.0) at -3: -6", POW_CONST_TWO, p(-3.0), -6),
        kink("floor: 0", FLOOR, p(2.5), 0),
        kink("floor at its jump: 0", FLOOR, p(2.0), 0),
        kink("floor at its jump: 0", FLOOR, p(-2.0), 0),
        kink("ceil: 0", CEIL, p(2.5), 0),
        kink("ceil at its jump: 0", CEIL, p(3.0), 0),
        kink("rint at a half (rounds to even): 0", RINT, p(2.5), 0),
        kink("rint: 0", RINT, p(-0.75), 0),
        kink("signum at 0: 0", SIGNUM, p(0.0), 0),
        kink("signum at -0: 0", SIGNUM, p(-0.0), 0),
        kink("signum: 0", SIGNUM, p(2.5), 0),
        kink("floor(x) * x at 2.5: floor(2.5)", FLOOR_TIMES, p(2.5), 2),
        kink("floor(x) * x at its jump -2: floor(-2)", FLOOR_TIMES, p(-2.0), -2),
        kink("copySign(3, -2): d/dm = (+1)(-1), d/ds = 0", COPY_SIGN, p(3.0, -2.0), -1, 0),
        kink("copySign(-3, -2): d/dm = (-1)(-1)", COPY_SIGN, p(-3.0, -2.0), 1, 0),
        kink("copySign(-3, 2): d/dm = (-1)(+1)", COPY_SIGN, p(-3.0, 2.0), -1, 0),
        kink("copySign(3, 2): d/dm = (+1)(+1)", COPY_SIGN, p(3.0, 2.0), 1, 0),
        kink("copySign(+0, -1): sign bits: (+1)(-1)", COPY_SIGN, p(0.0, -1.0), -1, 0),
        kink("copySign(-0, -1): sign bits: (-1)(-1)", COPY_SIGN, p(-0.0, -1.0), 1, 0),
        kink("copySign(2, -0): sign bits: (+1)(-1)", COPY_SIGN, p(2.0, -0.0), -1, 0),
        kink("copySign(2, +0): sign bits: (+1)(+1)", COPY_SIGN, p(2.0, 0.0), 1, 0),
        kink("log'(0) = +Infinity (the limit)", LOG, p(0.0), INF),
        kink("asin'(1) = +Infinity (the limit)", ASIN, p(1.0), INF),
        kink("asin'(-1) = +Infinity (the limit)", ASIN, p(-1.0), INF),
        kink("acos'(1) = -Infinity (the limit)", ACOS, p(1.0), -INF),
        kink("acos'(-1) = -Infinity (the limit)", ACOS, p(-1.0), -INF));
  }

  @BeforeAll
  static void compile() {
    compiled = RuleHarness.compileClean(Map.of(RuleHarness.PKG + "." + OWNER, RuleHarness.source(OWNER, "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  /** Exact, except that -0.0 equals 0.0 (a zero derivative may carry either sign). */
  private static void assertExact(String what, double expected, double actual) {
    assertTrue(
        expected == actual || (Double.isNaN(expected) && Double.isNaN(actual)),
        () -> what + ": expected " + expected + " but was " + actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinks")
  void gradient(Kink k) {
    double[] g = RuleHarness.gradient(compiled, k.fn(), k.at());
    assertEquals(RuleHarness.primal(compiled, k.fn(), k.at()), g[0], 0.0, k + ": value");
    for (int j = 0; j < k.expected().length; j++) {
      assertExact(k + ": d/d" + k.fn().params.get(j).name(), k.expected()[j], g[j + 1]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinks")
  void tangent(Kink k) {
    int n = k.expected().length;
    for (int j = 0; j < n; j++) {
      boolean othersFinite = true;
      for (int i = 0; i < n; i++) {
        othersFinite &= i == j || Double.isFinite(k.expected()[i]);
      }
      if (!othersFinite) {
        continue;
      }
      double[] e = new double[n];
      e[j] = 1;
      assertExact(
          k + ": tangent along d" + k.fn().params.get(j).name(),
          k.expected()[j],
          RuleHarness.tangent(compiled, k.fn(), k.at(), e));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinks")
  void pullback(Kink k) {
    int n = k.expected().length;
    double[] adj = new double[n + 2];
    Arrays.fill(adj, 0.25);
    double value = RuleHarness.pullback(compiled, k.fn(), k.at(), RuleHarness.SEED, adj, 1);
    assertEquals(RuleHarness.primal(compiled, k.fn(), k.at()), value, 0.0, k + ": value");
    assertEquals(0.25, adj[0], 0.0, k + ": slot before the offset");
    assertEquals(0.25, adj[n + 1], 0.0, k + ": slot after the parameters");
    for (int j = 0; j < n; j++) {
      // 0.25 + 2.5 * e is exact for every expected e here (small dyadic values, or infinite).
      assertExact(k + ": pullback slot of d/d" + k.fn().params.get(j).name(), 0.25 + RuleHarness.SEED * k.expected()[j], adj[j + 1]);
    }
  }
}
