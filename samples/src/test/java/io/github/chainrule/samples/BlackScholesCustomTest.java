package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Black–Scholes call with a custom derivative for N: its Greeks against the closed forms (with
 * the density phi, which is what the custom derivative supplies) and against the Greeks of {@link
 * BlackScholes}, which differentiates the approximation of N itself; forward mode against reverse.
 */
class BlackScholesCustomTest {
  private static double phi(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  @ParameterizedTest
  @CsvSource({
    "100, 105, 0.2, 0.05, 0.75",
    "100, 60, 0.35, 0.01, 2.0",
    "50, 80, 0.15, 0.03, 0.1",
    "1000, 1000, 0.5, -0.01, 5.0"
  })
  void greeksMatchTheClosedFormsAndTheDifferentiatedApproximation(
      double s, double k, double sigma, double r, double t) {
    BlackScholesCustom_Grad.CallPriceGradient c = BlackScholesCustom_Grad.callPrice(s, k, sigma, r, t);
    BlackScholes_Grad.CallPriceGradient g = BlackScholes_Grad.callPrice(s, k, sigma, r, t);
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
    double d2 = d1 - sigma * sqrtT;
    double discount = Math.exp(-r * t);
    double nd2 = BlackScholes.normCdf(d2);
    double scale = Math.max(1, Math.abs(s));
    assertEquals(g.value(), c.value(), 0);
    assertEquals(BlackScholes.normCdf(d1), c.dSpot(), 1e-12);
    assertEquals(-discount * nd2, c.dStrike(), 1e-12);
    assertEquals(s * phi(d1) * sqrtT, c.dVolatility(), 1e-12 * scale);
    assertEquals(k * t * discount * nd2, c.dRate(), 1e-12 * scale);
    assertEquals(s * phi(d1) * sigma / (2 * sqrtT) + r * k * discount * nd2, c.dMaturity(), 1e-12 * scale);
    assertEquals(g.dSpot(), c.dSpot(), 1e-13);
    assertEquals(g.dVolatility(), c.dVolatility(), 1e-12 * scale);
    // Forward mode derives the tangent of N from the custom pullback.
    double vega = BlackScholesCustom_Grad.callPriceTangent(s, 0, k, 0, sigma, 1, r, 0, t, 0);
    assertEquals(c.dVolatility(), vega, 1e-13 * scale);
  }
}
