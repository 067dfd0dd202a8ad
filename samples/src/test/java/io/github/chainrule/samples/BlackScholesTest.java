package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Black–Scholes sample against references that share no code with it: the closed-form Greeks
 * with the normal distribution function of Hipparchus ({@link Erf#erfc}), central finite
 * differences, and the transposition identity between forward and reverse mode.
 */
class BlackScholesTest {

  private static final double SQRT_2 = Math.sqrt(2.0);

  /**
   * Relative agreement expected between derivatives of the code and the closed forms: the rational
   * approximation of erfc and its derivative are accurate to a few units in the last place; the
   * references carry errors of the same order (Hipparchus' erfc, and exp(-x^2/2) evaluated with a
   * rounded x^2). Over random markets the observed errors stay below 1/40 of this tolerance.
   */
  private static final double REL = 1e-11;

  // ---------------------------------------------------------------------------------------------
  // The normal distribution function and its derivative

  /**
   * The relative accuracy to expect of {@code N(x)} and of its derivative. In the lower tail {@code
   * N} is ill-conditioned: rounding {@code x / sqrt 2} (or {@code x^2} in the density) changes the
   * result by about {@code x^2} units in the last place, in the references as in the sample. So the
   * tolerance grows as {@code 1 + x^2}: 1e-14 near zero, 1.4e-11 at {@code x = -37}, both well
   * inside the 1e-9 asked of the Greeks. Observed errors are 5 (N) to 25 (its derivative) times
   * smaller; against 50-digit mpmath, the sample's own errors are smaller than Hipparchus'.
   */
  private static double cdfTolerance(double x) {
    return 1e-14 * (1 + x * x);
  }

  @Test
  void normCdfMatchesHipparchus() {
    for (double x : grid()) {
      double expected = referenceCdf(x);
      double actual = BlackScholes.normCdf(x);
      assertTrue(
          Math.abs(actual - expected) <= cdfTolerance(x) * expected + Double.MIN_NORMAL,
          () -> "N(" + x + ") = " + actual + ", Hipparchus " + expected);
    }
  }

  @Test
  void normCdfDerivativeIsTheNormalDensity() {
    for (double x : grid()) {
      double density = referenceDensity(x);
      BlackScholes_Grad.NormCdfGradient g = BlackScholes_Grad.normCdf(x);
      double value = BlackScholes.normCdf(x);
      assertEquals(value, g.value(), 4 * Math.ulp(value));
      assertTrue(
          Math.abs(g.dX() - density) <= cdfTolerance(x) * density + Double.MIN_NORMAL,
          () -> "N'(" + x + ") = " + g.dX() + ", density " + density);
    }
  }

  @Test
  void normCdfTangentAndPullbackScaleTheDensity() {
    for (double x : new double[] {-7.3, -2.0, -0.5, 0.0, 0.3, 1.1, 5.9}) {
      double density = referenceDensity(x);
      double tolerance = cdfTolerance(x) * density;
      assertEquals(-3 * density, BlackScholes_Grad.normCdfTangent(x, -3.0), 3 * tolerance);
      double[] adj = {1.0, 1.0};
      double value = BlackScholes_Grad.normCdfPullback(x, 0.25, adj, 1);
      assertEquals(referenceCdf(x), value, 1e-15);
      assertEquals(1.0, adj[0], 0.0);
      assertEquals(1.0 + 0.25 * density, adj[1], 0.25 * tolerance + Math.ulp(1.0));
    }
  }

  @Test
  void erfcIsContinuousAcrossTheBranchesOfTheApproximation() {
    for (double edge : new double[] {0.46875, 4.0}) {
      for (double sign : new double[] {-1, 1}) {
        double below = sign * Math.nextDown(edge);
        double above = sign * Math.nextUp(edge);
        assertEquals(BlackScholes.erfc(below), BlackScholes.erfc(above), 1e-15);
        double slope = -2 / Math.sqrt(Math.PI) * Math.exp(-edge * edge);
        assertEquals(slope, BlackScholes_Grad.erfc(below).dX(), 1e-14);
        assertEquals(slope, BlackScholes_Grad.erfc(above).dX(), 1e-14);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The call price and its Greeks

  @ParameterizedTest(name = "S={0} K={1} sigma={2} r={3} T={4} ({5})")
  @CsvSource({
    "100, 100, 0.20,  0.05, 1.0,   at the money",
    "100, 100, 0.20,  0.05, 0.02,  at the money, one week",
    "120, 100, 0.25,  0.03, 0.25,  in the money, short",
    "120, 100, 0.25,  0.03, 10.0,  in the money, long",
    "80,  100, 0.30,  0.01, 0.25,  out of the money, short",
    "80,  100, 0.30,  0.01, 7.5,   out of the money, long",
    "200, 100, 0.15,  0.02, 1.0,   deep in the money",
    "60,  100, 0.20,  0.05, 0.5,   deep out of the money",
    "100, 90,  0.40,  0.00, 2.0,   zero rate",
    "100, 105, 0.10, -0.01, 3.0,   negative rate",
  })
  void greeksMatchTheClosedForms(
      double spot, double strike, double vol, double rate, double maturity, String label) {
    Greeks expected = Greeks.closedForm(spot, strike, vol, rate, maturity);
    BlackScholes_Grad.CallPriceGradient g =
        BlackScholes_Grad.callPrice(spot, strike, vol, rate, maturity);

    assertClose(expected.price, g.value(), "price");
    assertEquals(BlackScholes.callPrice(spot, strike, vol, rate, maturity), g.value(), 0.0);
    assertClose(expected.delta, g.dSpot(), "delta");
    assertClose(expected.dStrike, g.dStrike(), "dC/dK");
    assertClose(expected.vega, g.dVolatility(), "vega");
    assertClose(expected.rho, g.dRate(), "rho");
    assertClose(expected.dMaturity, g.dMaturity(), "dC/dT");
  }

  @ParameterizedTest(name = "S={0} K={1} sigma={2} r={3} T={4}")
  @CsvSource({
    "100, 100, 0.20,  0.05, 1.0",
    "120, 100, 0.25,  0.03, 0.25",
    "80,  100, 0.30,  0.01, 7.5",
    "100, 105, 0.10, -0.01, 3.0",
  })
  void putGreeksMatchTheClosedForms(
      double spot, double strike, double vol, double rate, double maturity) {
    Greeks call = Greeks.closedForm(spot, strike, vol, rate, maturity);
    double discount = Math.exp(-rate * maturity);
    BlackScholes_Grad.PutPriceGradient g =
        BlackScholes_Grad.putPrice(spot, strike, vol, rate, maturity);
    double d2 = call.d2;
    // P = K e^(-rT) N(-d2) - S N(-d1), and its derivatives, written out independently of parity.
    double put = strike * discount * referenceCdf(-d2) - spot * referenceCdf(-call.d1);
    assertEquals(put, g.value(), 1e-12 * spot);
    assertClose(-referenceCdf(-call.d1), g.dSpot(), "put delta");
    assertClose(discount * referenceCdf(-d2), g.dStrike(), "dP/dK");
    assertClose(call.vega, g.dVolatility(), "put vega");
    assertClose(-strike * maturity * discount * referenceCdf(-d2), g.dRate(), "put rho");
    assertClose(
        call.dMaturity - rate * strike * discount, g.dMaturity(), "dP/dT");
  }

  @ParameterizedTest(name = "S={0} K={1} sigma={2} r={3} T={4}")
  @CsvSource({
    "100, 100, 0.20,  0.05, 1.0",
    "100, 100, 0.20,  0.05, 0.02",
    "120, 100, 0.25,  0.03, 10.0",
    "80,  100, 0.30,  0.01, 0.25",
    "60,  100, 0.20,  0.05, 0.5",
    "100, 90,  0.40,  0.00, 2.0",
  })
  void greeksMatchCentralFiniteDifferences(
      double spot, double strike, double vol, double rate, double maturity) {
    double[] p = {spot, strike, vol, rate, maturity};
    BlackScholes_Grad.CallPriceGradient g =
        BlackScholes_Grad.callPrice(spot, strike, vol, rate, maturity);
    double[] ad = {g.dSpot(), g.dStrike(), g.dVolatility(), g.dRate(), g.dMaturity()};
    for (int k = 0; k < 5; k++) {
      // A step relative to the size of the input (absolute for the rate, which may be zero).
      double h = k == 3 ? 1e-5 : 1e-5 * p[k];
      double[] up = p.clone();
      double[] down = p.clone();
      up[k] += h;
      down[k] -= h;
      double fd = (call(up) - call(down)) / (2 * h);
      assertEquals(fd, ad[k], 1e-6 * (1 + Math.abs(fd)), "component " + k + " at " + label(p));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Forward and reverse mode are transposes of each other

  /**
   * For the Jacobian {@code J} of {@code (S, K, sigma, r, T) -> C} and any {@code v}, {@code w}:
   * {@code <J v, w> = <v, J^T w>}, with {@code J v} from the tangent and {@code J^T w} from the
   * pullback. Neither side is computed from the other, so a wrong adjoint of any single path shows.
   */
  @Test
  void tangentAndPullbackAreTransposes() {
    Random random = new Random(1973L);
    for (int i = 0; i < 200; i++) {
      double[] p = randomMarket(random);
      double[] v = new double[5];
      for (int k = 0; k < 5; k++) {
        v[k] = random.nextGaussian();
      }
      double w = random.nextGaussian();

      double jv = BlackScholes_Grad.callPriceTangent(
          p[0], v[0], p[1], v[1], p[2], v[2], p[3], v[3], p[4], v[4]);
      int at = 1 + random.nextInt(3);
      double[] adj = new double[at + 5];
      double value = BlackScholes_Grad.callPricePullback(p[0], p[1], p[2], p[3], p[4], w, adj, at);
      double vJtw = 0;
      double scale = 0;
      for (int k = 0; k < 5; k++) {
        vJtw += v[k] * adj[at + k];
        scale += Math.abs(v[k] * adj[at + k]);
      }
      assertEquals(call(p), value, 0.0);
      assertEquals(jv * w, vJtw, 1e-13 * scale + 1e-300, "at " + label(p));

      double putJv = BlackScholes_Grad.putPriceTangent(
          p[0], v[0], p[1], v[1], p[2], v[2], p[3], v[3], p[4], v[4]);
      double[] putAdj = new double[5];
      BlackScholes_Grad.putPricePullback(p[0], p[1], p[2], p[3], p[4], w, putAdj, 0);
      double putVJtw = 0;
      double putScale = 0;
      for (int k = 0; k < 5; k++) {
        putVJtw += v[k] * putAdj[k];
        putScale += Math.abs(v[k] * putAdj[k]);
      }
      // The put is C - S + K e^(-rT): its sensitivities are differences of larger numbers, those of
      // the call and of the parity terms, and carry their rounding errors.
      double parityScale =
          Math.abs(w) * (Math.abs(v[0]) + Math.abs(v[1]) + p[1] * p[4] * Math.abs(v[3])
              + p[1] * Math.abs(p[3] * v[4]));
      assertEquals(
          putJv * w, putVJtw, 1e-13 * (putScale + scale + parityScale), "put at " + label(p));
    }
  }

  @Test
  void pullbackAccumulatesIntoAFilledArray() {
    Greeks expected = Greeks.closedForm(100, 95, 0.25, 0.04, 0.5);
    double[] adj = {7, 7, 1, 2, 3, 4, 5, 7};
    double value = BlackScholes_Grad.callPricePullback(100, 95, 0.25, 0.04, 0.5, -2.0, adj, 2);
    assertClose(expected.price, value, "price");
    assertEquals(7.0, adj[0], 0.0);
    assertEquals(7.0, adj[1], 0.0);
    assertClose(1 - 2 * expected.delta, adj[2], "adj[2]");
    assertClose(2 - 2 * expected.dStrike, adj[3], "adj[3]");
    assertClose(3 - 2 * expected.vega, adj[4], "adj[4]");
    assertClose(4 - 2 * expected.rho, adj[5], "adj[5]");
    assertClose(5 - 2 * expected.dMaturity, adj[6], "adj[6]");
    assertEquals(7.0, adj[7], 0.0);
  }

  // ---------------------------------------------------------------------------------------------
  // References

  /** The closed-form price and Greeks of a call, with Hipparchus' erfc for N. */
  private static final class Greeks {
    final double d1;
    final double d2;
    final double price;
    final double delta;
    final double dStrike;
    final double vega;
    final double rho;
    final double dMaturity;

    private Greeks(double spot, double strike, double vol, double rate, double maturity) {
      double sqrtT = Math.sqrt(maturity);
      d1 = (Math.log(spot / strike) + (rate + vol * vol / 2) * maturity) / (vol * sqrtT);
      d2 = d1 - vol * sqrtT;
      double discount = Math.exp(-rate * maturity);
      double nd1 = referenceCdf(d1);
      double nd2 = referenceCdf(d2);
      double phi1 = referenceDensity(d1);
      price = spot * nd1 - strike * discount * nd2;
      delta = nd1;
      dStrike = -discount * nd2;
      vega = spot * phi1 * sqrtT;
      rho = strike * maturity * discount * nd2;
      dMaturity = spot * phi1 * vol / (2 * sqrtT) + rate * strike * discount * nd2;
    }

    static Greeks closedForm(double spot, double strike, double vol, double rate, double maturity) {
      return new Greeks(spot, strike, vol, rate, maturity);
    }
  }

  private static double referenceCdf(double x) {
    return 0.5 * Erf.erfc(-x / SQRT_2);
  }

  private static double referenceDensity(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  private static double call(double[] p) {
    return BlackScholes.callPrice(p[0], p[1], p[2], p[3], p[4]);
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected) + 1e-13, what);
  }

  /** Spot 50..150, strike 80..120, volatility 5%..60%, rate -1%..8%, maturity 1 week..10 years. */
  private static double[] randomMarket(Random random) {
    return new double[] {
      50 + 100 * random.nextDouble(),
      80 + 40 * random.nextDouble(),
      0.05 + 0.55 * random.nextDouble(),
      -0.01 + 0.09 * random.nextDouble(),
      0.02 + 10 * random.nextDouble()
    };
  }

  /** Points from -37 to 9 (beyond, N is 0 or 1 in double precision), and the branch edges. */
  private static List<Double> grid() {
    List<Double> xs = new ArrayList<>();
    for (double x = -37.0; x <= 9.0; x += 0.0137) {
      xs.add(x);
    }
    for (double y : new double[] {0.46875, 4.0, 26.0}) {
      double x = y * SQRT_2;
      for (double edge : new double[] {x, -x}) {
        xs.add(Math.nextDown(edge));
        xs.add(edge);
        xs.add(Math.nextUp(edge));
      }
    }
    xs.add(0.0);
    return xs;
  }

  private static String label(double[] p) {
    return Arrays.toString(p);
  }
}
