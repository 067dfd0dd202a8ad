package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.rules.RuleHarness.Case;
import io.github.chainrule.processor.rules.RuleHarness.Fn;
import io.github.chainrule.processor.rules.RuleHarness.Ref;
import io.github.chainrule.processor.testing.Compiled;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.util.FastMath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derivative rule of every supported {@code Math} function (and the {@code StrictMath} variants
 * of several), away from kinks: one {@code @Differentiable} method per function, all in one class
 * compiled once, each checked at several points in record, tangent and pullback form against
 * Hipparchus' exact forward mode and against finite differences of the compiled method itself.
 *
 * <p>Tolerances: 1e-12 relative against Hipparchus where the point is well conditioned; looser
 * only where the point is ill conditioned for any formula (named at the case). Kinks are in {@link
 * KinkConventionsTest}.
 */
class MathRulesTest {
  private static final String OWNER = "MathFns";
  private static final List<Fn> FNS = new ArrayList<>();
  private static Compiled compiled;

  private static Fn fn(String signature, String body, Ref ref) {
    Fn f = new Fn(OWNER, signature, body, ref);
    FNS.add(f);
    return f;
  }

  // ---- Math, one argument ---------------------------------------------------------------------
  static final Fn SIN = fn("double sin(double x)", "Math.sin(x)", v -> v[0].sin());
  static final Fn COS = fn("double cos(double x)", "Math.cos(x)", v -> v[0].cos());
  static final Fn TAN = fn("double tan(double x)", "Math.tan(x)", v -> v[0].tan());
  static final Fn ASIN = fn("double asin(double x)", "Math.asin(x)", v -> v[0].asin());
  static final Fn ACOS = fn("double acos(double x)", "Math.acos(x)", v -> v[0].acos());
  static final Fn ATAN = fn("double atan(double x)", "Math.atan(x)", v -> v[0].atan());
  static final Fn SINH = fn("double sinh(double x)", "Math.sinh(x)", v -> v[0].sinh());
  static final Fn COSH = fn("double cosh(double x)", "Math.cosh(x)", v -> v[0].cosh());
  static final Fn TANH = fn("double tanh(double x)", "Math.tanh(x)", v -> v[0].tanh());
  static final Fn EXP = fn("double exp(double x)", "Math.exp(x)", v -> v[0].exp());
  static final Fn EXPM1 = fn("double expm1(double x)", "Math.expm1(x)", v -> v[0].expm1());
  static final Fn LOG = fn("double log(double x)", "Math.log(x)", v -> v[0].log());
  static final Fn LOG10 = fn("double log10(double x)", "Math.log10(x)", v -> v[0].log10());
  static final Fn LOG1P = fn("double log1p(double x)", "Math.log1p(x)", v -> v[0].log1p());
  static final Fn SQRT = fn("double sqrt(double x)", "Math.sqrt(x)", v -> v[0].sqrt());
  static final Fn CBRT = fn("double cbrt(double x)", "Math.cbrt(x)", v -> v[0].cbrt());
  static final Fn ABS = fn("double abs(double x)", "Math.abs(x)", v -> v[0].abs());
  static final Fn SIGNUM = fn("double signum(double x)", "Math.signum(x)", v -> v[0].sign());
  static final Fn FLOOR = fn("double floor(double x)", "Math.floor(x)", v -> v[0].floor());
  static final Fn CEIL = fn("double ceil(double x)", "Math.ceil(x)", v -> v[0].ceil());
  static final Fn RINT = fn("double rint(double x)", "Math.rint(x)", v -> v[0].rint());
  static final Fn TO_RADIANS = fn("double toRadians(double x)", "Math.toRadians(x)", v -> v[0].toRadians());
  static final Fn TO_DEGREES = fn("double toDegrees(double x)", "Math.toDegrees(x)", v -> v[0].toDegrees());
  // pow with a constant exponent: the rule has special forms for 0, 1, 2 and the rest.
  static final Fn POW_SQUARE = fn("double powSquare(double x)", "Math.pow(x, 2.0)", v -> v[0].pow(2));
  static final Fn POW_CUBE = fn("double powCube(double x)", "Math.pow(x, 3.0)", v -> v[0].pow(3));
  static final Fn POW_HALF = fn("double powHalf(double x)", "Math.pow(x, 0.5)", v -> v[0].pow(0.5));
  static final Fn POW_NEGATIVE = fn("double powNegative(double x)", "Math.pow(x, -1.5)", v -> v[0].pow(-1.5));
  static final Fn POW_ONE = fn("double powOne(double x)", "Math.pow(x, 1.0)", v -> v[0].pow(1));
  static final Fn POW_ZERO = fn("double powZero(double x)", "Math.pow(x, 0.0)", v -> v[0].pow(0));
  static final Fn POW_BASE = fn("double powBase(double x)", "Math.pow(2.0, x)", v -> DerivativeStructure.pow(2.0, v[0]));

  // ---- Math, several arguments ----------------------------------------------------------------
  static final Fn ATAN2 = fn("double atan2(double x, double y)", "Math.atan2(x, y)", v -> DerivativeStructure.atan2(v[0], v[1]));
  static final Fn POW = fn("double pow(double x, double y)", "Math.pow(x, y)", v -> v[0].pow(v[1]));
  static final Fn HYPOT = fn("double hypot(double x, double y)", "Math.hypot(x, y)", v -> DerivativeStructure.hypot(v[0], v[1]));
  static final Fn MAX = fn("double max(double x, double y)", "Math.max(x, y)", v -> FastMath.max(v[0], v[1]));
  static final Fn MIN = fn("double min(double x, double y)", "Math.min(x, y)", v -> FastMath.min(v[0], v[1]));
  static final Fn COPY_SIGN = fn("double copySign(double x, double y)", "Math.copySign(x, y)", v -> v[0].copySign(v[1]));
  static final Fn FMA = fn("double fma(double x, double y, double z)", "Math.fma(x, y, z)", v -> v[0].multiply(v[1]).add(v[2]));

  // ---- StrictMath -----------------------------------------------------------------------------
  static final Fn S_SIN = fn("double strictSin(double x)", "StrictMath.sin(x)", v -> v[0].sin());
  static final Fn S_COS = fn("double strictCos(double x)", "StrictMath.cos(x)", v -> v[0].cos());
  static final Fn S_TAN = fn("double strictTan(double x)", "StrictMath.tan(x)", v -> v[0].tan());
  static final Fn S_ASIN = fn("double strictAsin(double x)", "StrictMath.asin(x)", v -> v[0].asin());
  static final Fn S_ACOS = fn("double strictAcos(double x)", "StrictMath.acos(x)", v -> v[0].acos());
  static final Fn S_ATAN = fn("double strictAtan(double x)", "StrictMath.atan(x)", v -> v[0].atan());
  static final Fn S_SINH = fn("double strictSinh(double x)", "StrictMath.sinh(x)", v -> v[0].sinh());
  static final Fn S_COSH = fn("double strictCosh(double x)", "StrictMath.cosh(x)", v -> v[0].cosh());
  static final Fn S_TANH = fn("double strictTanh(double x)", "StrictMath.tanh(x)", v -> v[0].tanh());
  static final Fn S_EXP = fn("double strictExp(double x)", "StrictMath.exp(x)", v -> v[0].exp());
  static final Fn S_EXPM1 = fn("double strictExpm1(double x)", "StrictMath.expm1(x)", v -> v[0].expm1());
  static final Fn S_LOG = fn("double strictLog(double x)", "StrictMath.log(x)", v -> v[0].log());
  static final Fn S_LOG10 = fn("double strictLog10(double x)", "StrictMath.log10(x)", v -> v[0].log10());
  static final Fn S_LOG1P = fn("double strictLog1p(double x)", "StrictMath.log1p(x)", v -> v[0].log1p());
  static final Fn S_SQRT = fn("double strictSqrt(double x)", "StrictMath.sqrt(x)", v -> v[0].sqrt());
  static final Fn S_CBRT = fn("double strictCbrt(double x)", "StrictMath.cbrt(x)", v -> v[0].cbrt());
  static final Fn S_ABS = fn("double strictAbs(double x)", "StrictMath.abs(x)", v -> v[0].abs());
  static final Fn S_POW = fn("double strictPow(double x, double y)", "StrictMath.pow(x, y)", v -> v[0].pow(v[1]));
  static final Fn S_POW_CUBE = fn("double strictPowCube(double x)", "StrictMath.pow(x, 3.0)", v -> v[0].pow(3));
  static final Fn S_ATAN2 = fn("double strictAtan2(double x, double y)", "StrictMath.atan2(x, y)", v -> DerivativeStructure.atan2(v[0], v[1]));
  static final Fn S_HYPOT = fn("double strictHypot(double x, double y)", "StrictMath.hypot(x, y)", v -> DerivativeStructure.hypot(v[0], v[1]));
  static final Fn S_MAX = fn("double strictMax(double x, double y)", "StrictMath.max(x, y)", v -> FastMath.max(v[0], v[1]));
  static final Fn S_COPY_SIGN = fn("double strictCopySign(double x, double y)", "StrictMath.copySign(x, y)", v -> v[0].copySign(v[1]));
  static final Fn S_FMA = fn("double strictFma(double x, double y, double z)", "StrictMath.fma(x, y, z)", v -> v[0].multiply(v[1]).add(v[2]));
  static final Fn S_TO_DEGREES = fn("double strictToDegrees(double x)", "StrictMath.toDegrees(x)", v -> v[0].toDegrees());

  private static final double TINY = 0x1p-560; // ~2.6e-169: squares underflow to 0
  private static final double HUGE = 0x1p660; // ~4.8e198: squares overflow to infinity

  static Stream<Case> cases() {
    List<Case> k = new ArrayList<>();
    for (Fn f : List.of(SIN, COS)) {
      k.add(at(f, -2.1));
      k.add(at(f, 0));
      k.add(at(f, 0.7));
      k.add(at(f, 1e-8));
      k.add(at(f, -30.5));
      k.add(at(f, 1e6).h(1e-3)); // large argument: the step must stay small in absolute terms
    }
    for (double x : new double[] {-1.2, 0, 0.4, -4}) {
      k.add(at(TAN, x));
    }
    k.add(at(TAN, 1.57).h(1e-6)); // 8e-4 below the pole: tan' ~ 1.6e6
    for (Fn f : List.of(ASIN, ACOS)) {
      k.add(at(f, -0.5));
      k.add(at(f, 0));
      k.add(at(f, 0.3));
      k.add(at(f, 1e-8));
      // 1e-6 from the singularity: Hipparchus' 1 - x^2 keeps only ~10 digits (the rule's
      // (1 - x)(1 + x) keeps them all: ExtremeArgumentsTest).
      k.add(at(f, 0.999999).h(1e-9).rel(1e-9));
      k.add(at(f, -0.999999).h(1e-9).rel(1e-9));
    }
    for (double x : new double[] {-3, 0, 0.5, 1e8, -1e10}) {
      k.add(at(ATAN, x));
    }
    for (Fn f : List.of(SINH, COSH)) {
      k.add(at(f, -2));
      k.add(at(f, 0));
      k.add(at(f, 0.5));
      k.add(at(f, -20));
      k.add(at(f, 300).h(1e-3));
    }
    k.add(at(TANH, -1));
    k.add(at(TANH, 0));
    k.add(at(TANH, 0.3));
    // Hipparchus' 1 - tanh^2 cancels (~12 digits at 5, none from 19.1 on); the rule does not:
    // exact references at large arguments are in ExtremeArgumentsTest.
    k.add(at(TANH, 5).rel(1e-10));
    k.add(at(TANH, -20).abs(2.3e-16));
    for (double x : new double[] {-1, 0, 2, 50}) {
      k.add(at(EXP, x));
    }
    k.add(at(EXP, -700).h(1e-3));
    for (double x : new double[] {-1, 1e-10, 0.5, 30, -3}) {
      k.add(at(EXPM1, x));
    }
    // expm1'(x) = exp(x) is representable to full precision for any x; the value does not
    // determine it for x << 0 (expm1(-30) is -1 + 9.4e-14): the derivative must not be derived from it.
    k.add(at(EXPM1, -30));
    k.add(at(LOG, 1e-8).h(1e-11));
    for (double x : new double[] {0.5, 2, 1e10, 1e300}) {
      k.add(at(LOG, x));
    }
    k.add(at(LOG10, 1e-8).h(1e-11));
    for (double x : new double[] {0.5, 3, 1e10}) {
      k.add(at(LOG10, x));
    }
    k.add(at(LOG1P, -0.9).h(1e-6));
    k.add(at(LOG1P, -0.99999999).h(1e-12)); // 1 + x is exact here: full precision is due
    for (double x : new double[] {1e-10, -1e-10, 3, 1e12}) {
      k.add(at(LOG1P, x));
    }
    k.add(at(SQRT, 1e-8).h(1e-11));
    k.add(at(SQRT, 1e-300).h(1e-303));
    for (double x : new double[] {0.25, 2, 1e12}) {
      k.add(at(SQRT, x));
    }
    k.add(at(CBRT, -1e-9).h(1e-12));
    k.add(at(CBRT, 1e-9).h(1e-12));
    for (double x : new double[] {-8, 27, 1e15}) {
      k.add(at(CBRT, x));
    }
    k.add(at(ABS, -2.5));
    k.add(at(ABS, 3));
    k.add(at(ABS, -1e-300).h(1e-303));
    for (Fn f : List.of(SIGNUM, FLOOR, CEIL, RINT)) {
      k.add(at(f, -2.3));
      k.add(at(f, 0.7));
      k.add(at(f, 1e6 + 0.25).h(1e-3));
    }
    for (Fn f : List.of(TO_RADIANS, TO_DEGREES)) {
      k.add(at(f, -180));
      k.add(at(f, 0.5));
      k.add(at(f, 1e10));
    }
    k.add(at(POW_SQUARE, -3));
    k.add(at(POW_SQUARE, 0.5));
    k.add(at(POW_SQUARE, 1e100));
    k.add(at(POW_CUBE, -2));
    k.add(at(POW_CUBE, 1.5));
    k.add(at(POW_HALF, 1e-8).h(1e-11));
    k.add(at(POW_HALF, 2));
    k.add(at(POW_NEGATIVE, 0.25).h(1e-6));
    k.add(at(POW_NEGATIVE, 10));
    k.add(at(POW_ONE, -4));
    k.add(at(POW_ONE, 3));
    k.add(at(POW_ZERO, -4));
    k.add(at(POW_ZERO, 3));
    for (double x : new double[] {-3, 0.5, 100}) {
      k.add(at(POW_BASE, x));
    }

    k.add(at(ATAN2, 1, 2));
    k.add(at(ATAN2, -1, -2));
    k.add(at(ATAN2, 1e-8, -1).h(1e-11)); // just above the branch cut
    k.add(at(ATAN2, 3, 0));
    k.add(at(ATAN2, 0.5, -3));
    // Hipparchus' atan2 keeps only ~8 digits here (2.49999998e-9): exact partials instead.
    k.add(at(ATAN2, -2, 1e-8).h(1e-11).expect(atan2Partials(-2, 1e-8)));
    // atan2 is homogeneous of degree 0: its partials at s*(3, 4) are those at (3, 4) over s
    // (s a power of two, so exact). Hipparchus itself returns 0 or -Infinity at these scales.
    double[] d34 = RuleHarness.reference(ATAN2, new double[] {3, 4});
    k.add(at(ATAN2, 3 * TINY, 4 * TINY).label("3*2^-560, 4*2^-560").h(1e-4 * TINY).expect(d34[1] / TINY, d34[2] / TINY));
    k.add(at(ATAN2, 3 * HUGE, 4 * HUGE).label("3*2^660, 4*2^660").expect(d34[1] / HUGE, d34[2] / HUGE));

    k.add(at(POW, 2, 3));
    k.add(at(POW, 0.5, -1.5));
    k.add(at(POW, 10, 0.3));
    k.add(at(POW, 1e-3, 2.5).h(1e-7));
    k.add(at(POW, 3, 0));
    k.add(at(POW, 1.5, 40));

    k.add(at(HYPOT, 3, 4));
    k.add(at(HYPOT, -1e-8, 2e-8).h(1e-12));
    k.add(at(HYPOT, 1e200, 1e200));
    k.add(at(HYPOT, -5, 0));
    // Homogeneous of degree 1: the partials at s*(3, 4) are those at (3, 4): 0.6 and 0.8.
    k.add(at(HYPOT, 3 * TINY, 4 * TINY).label("3*2^-560, 4*2^-560").h(1e-4 * TINY).expect(0.6, 0.8));
    k.add(at(HYPOT, 3 * HUGE, -4 * HUGE).label("3*2^660, -4*2^660").expect(0.6, -0.8));

    for (Fn f : List.of(MAX, MIN)) {
      k.add(at(f, 1, 2));
      k.add(at(f, 3, -1));
      k.add(at(f, -0.5, -0.25));
    }
    k.add(at(COPY_SIGN, 2, -3));
    k.add(at(COPY_SIGN, -2, 5));
    k.add(at(COPY_SIGN, -1.5, -0.5));
    k.add(at(COPY_SIGN, 0.5, 1e-300).h(1e-303));
    k.add(at(FMA, 1.5, -2, 3));
    k.add(at(FMA, 1e8, 3e-8, -1));
    k.add(at(FMA, -0.1, 0.2, 0.3));

    // StrictMath: the same rules, also where they call StrictMath themselves.
    k.add(at(S_SIN, 0.7));
    k.add(at(S_SIN, -30.5));
    k.add(at(S_COS, -2.1));
    k.add(at(S_TAN, 0.4));
    k.add(at(S_ASIN, 0.3));
    k.add(at(S_ACOS, -0.5));
    k.add(at(S_ATAN, 0.5));
    k.add(at(S_SINH, 0.5));
    k.add(at(S_COSH, -2));
    k.add(at(S_TANH, 0.3));
    k.add(at(S_EXP, 2));
    k.add(at(S_EXP, -700).h(1e-3));
    k.add(at(S_EXPM1, 0.5));
    k.add(at(S_LOG, 2));
    k.add(at(S_LOG, 1e-8).h(1e-11));
    k.add(at(S_LOG10, 3));
    k.add(at(S_LOG1P, 3));
    k.add(at(S_SQRT, 2));
    k.add(at(S_CBRT, -8));
    k.add(at(S_CBRT, 27));
    k.add(at(S_ABS, -2.5));
    k.add(at(S_POW, 2, 3));
    k.add(at(S_POW, 10, 0.3));
    k.add(at(S_POW_CUBE, -2));
    k.add(at(S_ATAN2, 1, 2));
    k.add(at(S_ATAN2, -1, -2));
    k.add(at(S_HYPOT, 3, 4));
    k.add(at(S_MAX, 1, 2));
    k.add(at(S_COPY_SIGN, 2, -3));
    k.add(at(S_FMA, 1.5, -2, 3));
    k.add(at(S_TO_DEGREES, 0.5));
    return k.stream();
  }

  /**
   * d/dp and d/dq of atan2(p, q), q / (p^2 + q^2) and -p / (p^2 + q^2), in 34-digit decimal
   * arithmetic (no overflow, underflow or cancellation), rounded once.
   */
  static double[] atan2Partials(double p, double q) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal bp = new BigDecimal(p);
    BigDecimal bq = new BigDecimal(q);
    BigDecimal r2 = bp.multiply(bp, mc).add(bq.multiply(bq, mc), mc);
    return new double[] {bq.divide(r2, mc).doubleValue(), bp.negate().divide(r2, mc).doubleValue()};
  }

  private static Case at(Fn f, double... x) {
    return new Case(f, x);
  }

  @BeforeAll
  static void compile() {
    compiled = RuleHarness.compileClean(Map.of(RuleHarness.PKG + "." + OWNER, RuleHarness.source(OWNER, "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  @Test
  void everyFunctionHasCases() {
    List<String> missing = new ArrayList<>();
    for (Fn f : FNS) {
      if (cases().noneMatch(k -> k.fn == f)) {
        missing.add(f.api);
      }
    }
    assertTrue(missing.isEmpty(), "no cases for " + missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesHipparchus(Case k) {
    RuleHarness.checkGradient(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(Case k) {
    RuleHarness.checkFiniteDifferences(compiled, k);
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
}
