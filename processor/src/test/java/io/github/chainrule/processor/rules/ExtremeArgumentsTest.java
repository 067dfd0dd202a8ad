package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.rules.RuleHarness.Fn;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hipparchus.dfp.Dfp;
import org.hipparchus.dfp.DfpField;
import org.hipparchus.dfp.DfpMath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules at extreme arguments: no digits lost to cancellation, and no intermediate that under- or
 * overflows where the derivative itself is representable, in tangent and pullback form, with
 * seeds of 1 and of extreme magnitudes.
 *
 * <p>References are exact formulas evaluated in 40-digit {@link Dfp} arithmetic and rounded once;
 * a few ulps of relative error are allowed (subnormal results: one subnormal step more).
 */
class ExtremeArgumentsTest {
  private static final String OWNER = "Extremes";
  private static final List<Fn> FNS = new ArrayList<>();
  private static final DfpField FIELD = new DfpField(40);
  private static final double REL = 1e-14;
  private static Compiled compiled;

  private static Fn fn(String signature, String body) {
    Fn f = new Fn(OWNER, signature, body, v -> v[0]);
    FNS.add(f);
    return f;
  }

  static final Fn TANH = fn("double tanh(double x)", "Math.tanh(x)");
  static final Fn S_TANH = fn("double strictTanh(double x)", "StrictMath.tanh(x)");
  static final Fn INV_SQUARE = fn("double invSquare(double x)", "1.0 / (x * x)");
  static final Fn DIV = fn("double div(double x, double y)", "x / y");
  static final Fn SIGMOID = fn("double sigmoid(double x)", "1.0 / (1.0 + Math.exp(-x))");
  static final Fn LOG = fn("double log(double x)", "Math.log(x)");
  static final Fn LOG10 = fn("double log10(double x)", "Math.log10(x)");
  static final Fn LOG1P = fn("double log1p(double x)", "Math.log1p(x)");
  static final Fn ASIN = fn("double asin(double x)", "Math.asin(x)");
  static final Fn ACOS = fn("double acos(double x)", "Math.acos(x)");
  static final Fn SINH = fn("double sinh(double x)", "Math.sinh(x)");
  static final Fn COSH = fn("double cosh(double x)", "Math.cosh(x)");
  static final Fn EXP = fn("double exp(double x)", "Math.exp(x)");
  static final Fn EXPM1 = fn("double expm1(double x)", "Math.expm1(x)");
  static final Fn SQRT = fn("double sqrt(double x)", "Math.sqrt(x)");
  static final Fn CBRT = fn("double cbrt(double x)", "Math.cbrt(x)");
  static final Fn HYPOT = fn("double hypot(double x, double y)", "Math.hypot(x, y)");
  static final Fn POW = fn("double pow(double x, double y)", "Math.pow(x, y)");
  static final Fn ATAN = fn("double atan(double x)", "Math.atan(x)");
  static final Fn S_ATAN = fn("double strictAtan(double x)", "StrictMath.atan(x)");

  @BeforeAll
  static void compile() {
    compiled = RuleHarness.compileClean(Map.of(RuleHarness.PKG + "." + OWNER, RuleHarness.source(OWNER, "", FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  // ---- References ------------------------------------------------------------------------------

  private static Dfp d(double x) {
    return FIELD.newDfp(x);
  }

  /** tanh'(x) = 4 / (e^x + e^-x)^2. */
  static Dfp tanhPrimeExact(double x) {
    Dfp s = DfpMath.exp(d(x)).add(DfpMath.exp(d(-x)));
    return d(4).divide(s.multiply(s));
  }

  static double tanhPrime(double x) {
    return tanhPrimeExact(x).toDouble();
  }

  /** sigmoid'(x) = e^-x / (1 + e^-x)^2. */
  static double sigmoidPrime(double x) {
    Dfp e = DfpMath.exp(d(-x));
    Dfp s = e.add(1);
    return e.divide(s.multiply(s)).toDouble();
  }

  /** 1 / sqrt(1 - x^2). */
  static double asinPrime(double x) {
    return d(1).divide(d(1).subtract(d(x).multiply(d(x))).sqrt()).toDouble();
  }

  static double of(UnaryOperator<Dfp> f, double x) {
    return f.apply(d(x)).toDouble();
  }

  static void assertRel(String what, double expected, double actual) {
    if (Double.isInfinite(expected)) {
      assertTrue(expected == actual, () -> what + ": expected " + expected + " but was " + actual);
      return;
    }
    double tol = REL * Math.abs(expected) + 2 * Double.MIN_VALUE;
    assertTrue(
        Math.abs(expected - actual) <= tol,
        () -> String.format(Locale.ROOT, "%s: expected %.17g but was %.17g (relative error %.3g)",
            what, expected, actual, Math.abs(expected - actual) / Math.abs(expected)));
  }

  /** Tangent and pullback with directions and seeds 1 and {@code scale}, against {@code scale * d}. */
  static void check(Fn f, double x, Dfp d, double scale) {
    String at = f.api + "(" + x + ")";
    double one = d.toDouble();
    double scaled = d.multiply(d(scale)).toDouble();
    assertRel(at + " tangent along 1", one, RuleHarness.tangent(compiled, f, new double[] {x}, new double[] {1}));
    assertRel(at + " tangent along " + scale, scaled, RuleHarness.tangent(compiled, f, new double[] {x}, new double[] {scale}));
    double[] adj = new double[1];
    RuleHarness.pullback(compiled, f, new double[] {x}, 1, adj, 0);
    assertRel(at + " pullback with seed 1", one, adj[0]);
    adj = new double[1];
    RuleHarness.pullback(compiled, f, new double[] {x}, scale, adj, 0);
    assertRel(at + " pullback with seed " + scale, scaled, adj[0]);
  }

  static void check(Fn f, double x, double d, double scale) {
    check(f, x, d(d), scale);
  }

  // ---- tanh ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "tanh({0})")
  @ValueSource(doubles = {0, 1e-300, 1e-8, 0.3, -1, 5, 19, 19.5, 20, 25, -30, 40, -100, 300, 354, -360, 400, 710, 800})
  void tanhKeepsEveryDigit(double x) {
    Dfp d = tanhPrimeExact(x);
    // Where 1 / cosh(x)^2 is subnormal (|x| > 354) the partial itself has fewer digits, and a
    // seed of 1e10 cannot bring them back: there seed and direction 1 are checked.
    double scale = Math.abs(d.toDouble()) < Double.MIN_NORMAL ? 1 : 1e10;
    check(TANH, x, d, scale);
    check(S_TANH, x, d, scale);
    double[] g = RuleHarness.gradient(compiled, TANH, new double[] {x});
    assertRel("tanh(" + x + ") gradient record", d.toDouble(), g[1]);
  }

  @Test
  void tanhOverAWideRange() {
    for (double x = -420; x <= 420; x += 0.37) {
      double d = tanhPrime(x);
      assertRel("tanh(" + x + ") tangent", d, RuleHarness.tangent(compiled, TANH, new double[] {x}, new double[] {1}));
    }
  }

  // ---- Division: the seed is divided first -----------------------------------------------------

  /**
   * Tangent mode only: in reverse mode the adjoint of {@code c = x * x} is dy/dc itself, -1e-400 at
   * x = 1e100, which no order of products can represent.
   */
  @ParameterizedTest(name = "1 / (x * x) at {0}")
  @ValueSource(doubles = {1e100, -1e100, 1e-100, 3e150, 1e-150, 2})
  void inverseSquareInTangentMode(double x) {
    double d = of(v -> d(-2).divide(v.multiply(v).multiply(v)), x);
    assertRel("1 / (x * x) at " + x, d, RuleHarness.tangent(compiled, INV_SQUARE, new double[] {x}, new double[] {1}));
    assertRel("1 / (x * x) at " + x + " along 1e-5", d * 1e-5, RuleHarness.tangent(compiled, INV_SQUARE, new double[] {x}, new double[] {1e-5}));
  }

  @Test
  void quotientWithExtremeSeeds() {
    // x / y at (1e-10, 1e200): d/dy = -1e-410 is not representable, seed times it is.
    double[] at = {1e-10, 1e200};
    double seed = 1e300;
    double[] adj = new double[2];
    RuleHarness.pullback(compiled, DIV, at, seed, adj, 0);
    assertRel("x / y pullback d/dx, seed 1e300", 1e100, adj[0]);
    assertRel("x / y pullback d/dy, seed 1e300", of(v -> d(-seed).multiply(d(at[0])).divide(d(at[1]).multiply(d(at[1]))), 0), adj[1]);
    assertRel("x / y tangent along dy = 1e300", of(v -> d(-1e300).multiply(d(at[0])).divide(d(at[1]).multiply(d(at[1]))), 0),
        RuleHarness.tangent(compiled, DIV, at, new double[] {0, 1e300}));
    // A subnormal divisor: 1 / y overflows, seed / y does not.
    double[] sub = {1e-20, 1e-310};
    adj = new double[2];
    RuleHarness.pullback(compiled, DIV, sub, 1e-10, adj, 0);
    assertRel("x / y pullback d/dx at y = 1e-310, seed 1e-10", of(v -> d(1e-10).divide(d(1e-310)), 0), adj[0]);
    assertRel("x / y tangent along dx = 1e-10 at y = 1e-310", of(v -> d(1e-10).divide(d(1e-310)), 0),
        RuleHarness.tangent(compiled, DIV, sub, new double[] {1e-10, 0}));
  }

  @ParameterizedTest(name = "sigmoid({0})")
  @ValueSource(doubles = {-700, -300, -40, -1, 0, 2, 40, 700})
  void sigmoidInTangentMode(double x) {
    double d = sigmoidPrime(x);
    assertRel("sigmoid(" + x + ") tangent", d, RuleHarness.tangent(compiled, SIGMOID, new double[] {x}, new double[] {1}));
  }

  // ---- Logarithms: a subnormal argument --------------------------------------------------------

  @Test
  void logarithmsOfSubnormalsWithSmallSeeds() {
    double x = 1e-310;
    double seed = 1e-20;
    check(LOG, x, Double.POSITIVE_INFINITY, 1);
    double[] adj = new double[1];
    RuleHarness.pullback(compiled, LOG, new double[] {x}, seed, adj, 0);
    assertRel("log(1e-310) pullback with seed 1e-20", of(v -> d(seed).divide(v), x), adj[0]);
    assertRel("log(1e-310) tangent along 1e-20", of(v -> d(seed).divide(v), x),
        RuleHarness.tangent(compiled, LOG, new double[] {x}, new double[] {seed}));
    adj = new double[1];
    RuleHarness.pullback(compiled, LOG10, new double[] {x}, seed, adj, 0);
    assertRel("log10(1e-310) pullback with seed 1e-20", of(v -> d(seed).divide(v.multiply(FIELD.getLn10())), x), adj[0]);
    for (double y : new double[] {-0.99999999, -1 + 0x1p-50, 1e-300, 1e300}) {
      check(LOG1P, y, d(1).divide(d(y).add(1)), 1e-10);
    }
  }

  // ---- asin, acos near ±1 ----------------------------------------------------------------------

  @ParameterizedTest(name = "asin and acos at {0}")
  @ValueSource(doubles = {0.999999, -0.999999, 0.9999999999, 1 - 0x1p-30, -1 + 0x1p-52, 1 - 0x1p-53, 0.5, 1e-200})
  void asinAndAcosNearTheirEnds(double x) {
    Dfp d = d(1).divide(d(1).subtract(d(x).multiply(d(x))).sqrt());
    check(ASIN, x, d, 1e-300);
    check(ACOS, x, d.negate(), 1e-300);
  }

  // ---- atan at huge arguments ------------------------------------------------------------------

  @ParameterizedTest(name = "atan({0})")
  @ValueSource(doubles = {0, 1e-300, 0.5, -3, 1e8, 1e150, 1e155, -1e200, 1e300, Double.MAX_VALUE})
  void atanWhereOnePlusTheSquareOverflows(double x) {
    Dfp d = d(1).divide(d(x).multiply(d(x)).add(1));
    check(ATAN, x, d, 1e100);
    check(S_ATAN, x, d, 1e100);
  }

  @Test
  void atanOverAWideRange() {
    for (double x = 1e-300; x < 1e300; x *= 3.7) {
      for (double v : new double[] {x, -x}) {
        double d = of(t -> d(1).divide(t.multiply(t).add(1)), v);
        assertRel("atan(" + v + ") tangent", d, RuleHarness.tangent(compiled, ATAN, new double[] {v}, new double[] {1}));
      }
    }
  }

  @Test
  void asinOverAWideRange() {
    for (double e = 0x1p-53; e < 1; e *= 1.9) {
      for (double v : new double[] {1 - e, -1 + e, e}) {
        double d = asinPrime(v);
        assertRel("asin(" + v + ") tangent", d, RuleHarness.tangent(compiled, ASIN, new double[] {v}, new double[] {1}));
        assertRel("acos(" + v + ") tangent", -d, RuleHarness.tangent(compiled, ACOS, new double[] {v}, new double[] {1}));
      }
    }
  }

  // ---- Rules that were already fine: kept so ----------------------------------------------------

  @ParameterizedTest(name = "sinh, cosh, exp, expm1 at {0}")
  @ValueSource(doubles = {-708, -300, -40, -1e-300, 0, 1e-300, 1e-8, 40, 300, 700, 709.7})
  void exponentialsAtLargeArguments(double x) {
    Dfp ep = DfpMath.exp(d(x));
    Dfp em = DfpMath.exp(d(-x));
    check(SINH, x, ep.add(em).divide(2), 1e-10);
    // sinh(x) = x (1 + x^2 / 6 + ...) where e^x - e^-x would cancel even in 40 digits.
    Dfp sinh = Math.abs(x) < 1e-5 ? d(x).multiply(d(x).multiply(d(x)).divide(6).add(1)) : ep.subtract(em).divide(2);
    check(COSH, x, sinh, 1e-10);
    check(EXP, x, ep, 1e-10);
    check(EXPM1, x, ep, 1e-10);
  }

  @ParameterizedTest(name = "sqrt and cbrt at {0}")
  @ValueSource(doubles = {0x1p-1022, 1e-300, 1e-8, 2, 1e300, Double.MAX_VALUE})
  void rootsAtExtremeArguments(double x) {
    check(SQRT, x, d(0.5).divide(d(x).sqrt()), 1e-100);
    Dfp c = DfpMath.pow(d(x), d(1).divide(3));
    check(CBRT, x, d(1).divide(c.multiply(c).multiply(3)), 1e-100);
    check(CBRT, -x, d(1).divide(c.multiply(c).multiply(3)), 1e-100);
  }

  /** Both partials of a two-argument function, as tangents along each axis and one pullback. */
  static void check2(Fn f, double x, double y, double dx, double dy) {
    String at = f.api + "(" + x + ", " + y + ")";
    double[] p = {x, y};
    assertRel(at + " tangent along x", dx, RuleHarness.tangent(compiled, f, p, new double[] {1, 0}));
    assertRel(at + " tangent along y", dy, RuleHarness.tangent(compiled, f, p, new double[] {0, 1}));
    double[] adj = new double[2];
    RuleHarness.pullback(compiled, f, p, 1, adj, 0);
    assertRel(at + " pullback d/dx", dx, adj[0]);
    assertRel(at + " pullback d/dy", dy, adj[1]);
  }

  @Test
  void hypotWithHugeAndTinyOperands() {
    double[][] points = {{1e300, 1e300}, {1e-300, -2e-300}, {1e300, 1e-300}, {3, 4}, {-1e200, 5e199}};
    for (double[] q : points) {
      Dfp h = d(q[0]).multiply(d(q[0])).add(d(q[1]).multiply(d(q[1]))).sqrt();
      check2(HYPOT, q[0], q[1], d(q[0]).divide(h).toDouble(), d(q[1]).divide(h).toDouble());
    }
  }

  @Test
  void powWithLargeAndSmallExponents() {
    // Not (1e-5, -61): d/dx = -6.1e311 overflows, and the tangent along y multiplies it by xDot = 0
    // (NaN); d/dy = -1.2e306 alone comes out right only in the pullback.
    double[][] points = {{1.5, 40}, {10, 300}, {1e-5, -60}, {0.5, 1000}, {1e100, 3}, {2, -1000}, {1e-200, 0.5}};
    for (double[] q : points) {
      Dfp x = d(q[0]);
      Dfp y = d(q[1]);
      Dfp value = DfpMath.pow(x, y);
      check2(POW, q[0], q[1], y.multiply(value).divide(x).toDouble(), value.multiply(DfpMath.log(x)).toDouble());
    }
  }
}
