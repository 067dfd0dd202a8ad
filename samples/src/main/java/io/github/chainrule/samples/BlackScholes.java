package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;

/**
 * The Black–Scholes price of a European option, and its sensitivities (the "Greeks") by automatic
 * differentiation.
 *
 * <p>For spot {@code S}, strike {@code K}, volatility {@code sigma}, continuously compounded rate
 * {@code r} and time to maturity {@code T} (in years), the price of a call is
 *
 * <pre>
 *   C  = S N(d1) - K e^(-rT) N(d2)
 *   d1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt T)
 *   d2 = d1 - sigma sqrt T
 * </pre>
 *
 * where {@code N} is the standard normal cumulative distribution function. Every input reaches the
 * price along several paths (the spot, for instance, directly as the factor {@code S} and through
 * both {@code d1} and {@code d2}), so reverse mode must add up the adjoints of all of them. The
 * closed forms, with {@code phi} the standard normal density, are
 *
 * <pre>
 *   dC/dS     = N(d1)                                         (delta)
 *   dC/dK     = -e^(-rT) N(d2)
 *   dC/dsigma = S phi(d1) sqrt T                              (vega)
 *   dC/dr     = K T e^(-rT) N(d2)                             (rho)
 *   dC/dT     = S phi(d1) sigma / (2 sqrt T) + r K e^(-rT) N(d2)     (-theta)
 * </pre>
 *
 * <p>Chainrule knows nothing of these formulas: it differentiates the code below, including the
 * rational approximation of {@link #erfc(double)} that {@link #normCdf(double)} is built on. That
 * approximation is W. J. Cody's (<i>Rational Chebyshev approximations for the error function</i>,
 * Math. Comp. 23 (1969) 631–638; the coefficients of his SPECFUN routine {@code CALERF}), accurate
 * to about the last bit of a double. Its derivative is as accurate: the derivative of {@code
 * normCdf} agrees with the normal density {@code phi} to a few units in the last place (relative
 * error about 1e-15 near zero, growing like {@code x^2} far in the lower tail, as the conditioning
 * of {@code N} itself does), and the Greeks Chainrule derives agree with the closed forms to about
 * 1e-13 relative.
 */
public final class BlackScholes {

  /** Below this |x|, {@code erf(x) = x R(x^2)} directly; above, the tail forms of erfc. */
  private static final double ERF_SMALL = 0.46875;

  /** Between {@link #ERF_SMALL} and this, the middle rational form of the scaled erfc. */
  private static final double ERFC_MIDDLE = 4.0;

  /** Above this, erfc(x) underflows to zero in double precision (Cody's XBIG). */
  private static final double ERFC_UNDERFLOW = 26.543;

  private static final double INV_SQRT_PI = 0.56418958354775628695;
  private static final double INV_SQRT_2 = 0.70710678118654752440;

  // erf(x) = x (A1..A5 polynomial in x^2) / (B1..B4 polynomial in x^2), for |x| <= 0.46875
  private static final double A1 = 3.16112374387056560e00;
  private static final double A2 = 1.13864154151050156e02;
  private static final double A3 = 3.77485237685302021e02;
  private static final double A4 = 3.20937758913846947e03;
  private static final double A5 = 1.85777706184603153e-1;
  private static final double B1 = 2.36012909523441209e01;
  private static final double B2 = 2.44024637934444173e02;
  private static final double B3 = 1.28261652607737228e03;
  private static final double B4 = 2.84423683343917062e03;

  // e^(x^2) erfc(x) = (C1..C9 polynomial in x) / (D1..D8 polynomial in x), for 0.46875 < x <= 4
  private static final double C1 = 5.64188496988670089e-1;
  private static final double C2 = 8.88314979438837594e00;
  private static final double C3 = 6.61191906371416295e01;
  private static final double C4 = 2.98635138197400131e02;
  private static final double C5 = 8.81952221241769090e02;
  private static final double C6 = 1.71204761263407058e03;
  private static final double C7 = 2.05107837782607147e03;
  private static final double C8 = 1.23033935479799725e03;
  private static final double C9 = 2.15311535474403846e-8;
  private static final double D1 = 1.57449261107098347e01;
  private static final double D2 = 1.17693950891312499e02;
  private static final double D3 = 5.37181101862009858e02;
  private static final double D4 = 1.62138957456669019e03;
  private static final double D5 = 3.29079923573345963e03;
  private static final double D6 = 4.36261909014324716e03;
  private static final double D7 = 3.43936767414372164e03;
  private static final double D8 = 1.23033935480374942e03;

  // x e^(x^2) erfc(x) = 1/sqrt(pi) - z (P1..P6 polynomial in z) / (Q1..Q5 polynomial in z),
  // z = 1/x^2, for x > 4
  private static final double P1 = 3.05326634961232344e-1;
  private static final double P2 = 3.60344899949804439e-1;
  private static final double P3 = 1.25781726111229246e-1;
  private static final double P4 = 1.60837851487422766e-2;
  private static final double P5 = 6.58749161529837803e-4;
  private static final double P6 = 1.63153871373020978e-2;
  private static final double Q1 = 2.56852019228982242e00;
  private static final double Q2 = 1.87295284992346047e00;
  private static final double Q3 = 5.27905102951428412e-1;
  private static final double Q4 = 6.05183413124413191e-2;
  private static final double Q5 = 2.33520497626869185e-3;

  private BlackScholes() {}

  /**
   * The Black–Scholes price of a European call on a non-dividend-paying asset.
   *
   * @param spot price of the underlying today, {@code S > 0}
   * @param strike strike price, {@code K > 0}
   * @param volatility annualised volatility of the log returns, {@code sigma > 0}
   * @param rate continuously compounded risk-free rate, {@code r}
   * @param maturity time to expiry in years, {@code T > 0}
   * @return {@code S N(d1) - K e^(-rT) N(d2)}
   */
  @Differentiable
  public static double callPrice(
      double spot, double strike, double volatility, double rate, double maturity) {
    double volSqrtT = volatility * Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity)
        / volSqrtT;
    double d2 = d1 - volSqrtT;
    double discount = Math.exp(-rate * maturity);
    return spot * normCdf(d1) - strike * discount * normCdf(d2);
  }

  /**
   * The price of the European put with the same terms, by put–call parity {@code P = C - S + K
   * e^(-rT)}. Its derivatives come from those of {@link #callPrice} through the generated pullback
   * of that call.
   *
   * @param spot price of the underlying today, {@code S > 0}
   * @param strike strike price, {@code K > 0}
   * @param volatility annualised volatility, {@code sigma > 0}
   * @param rate continuously compounded risk-free rate, {@code r}
   * @param maturity time to expiry in years, {@code T > 0}
   * @return {@code K e^(-rT) N(-d2) - S N(-d1)}
   */
  @Differentiable
  public static double putPrice(
      double spot, double strike, double volatility, double rate, double maturity) {
    double call = callPrice(spot, strike, volatility, rate, maturity);
    return call - spot + strike * Math.exp(-rate * maturity);
  }

  /**
   * The standard normal cumulative distribution function {@code N(x) = erfc(-x / sqrt 2) / 2}.
   * Its derivative is the standard normal density {@code phi(x) = e^(-x^2/2) / sqrt(2 pi)}.
   *
   * @param x any real number
   * @return the probability that a standard normal variable is at most {@code x}
   */
  @Differentiable
  public static double normCdf(double x) {
    return 0.5 * erfc(-x * INV_SQRT_2);
  }

  /**
   * The complementary error function {@code erfc(x) = 2/sqrt(pi) * integral from x to infinity of
   * e^(-t^2) dt}, by Cody's rational approximations on three ranges of {@code |x|}.
   *
   * <p>For {@code |x| <= 0.46875} it is {@code 1 - erf(x)} with {@code erf(x) = x R(x^2)}; above,
   * it is {@code e^(-x^2) S(|x|)} with the scaled function {@link #scaledErfc(double)}, reflected
   * by {@code erfc(-x) = 2 - erfc(x)} for negative {@code x}. The factor {@code e^(-x^2)} is
   * computed as Cody does, as {@code e^(-u^2) e^(-(x-u)(x+u))} with {@code u} the value of {@code
   * |x|} rounded down to a multiple of 1/16, so that the large exponent {@code u^2} is exact.
   * Rounding down has derivative zero, and the product still differentiates to {@code -2x
 * e^(-x^2)}.
   *
   * @param x any real number
   * @return {@code erfc(x)}, in {@code [0, 2]}
   */
  @Differentiable
  public static double erfc(double x) {
    double y = Math.abs(x);
    if (y <= ERF_SMALL) {
      double z = y * y;
      double num = A5 * z;
      double den = z;
      num = (num + A1) * z;
      den = (den + B1) * z;
      num = (num + A2) * z;
      den = (den + B2) * z;
      num = (num + A3) * z;
      den = (den + B3) * z;
      return 1.0 - x * (num + A4) / (den + B4);
    }
    if (y >= ERFC_UNDERFLOW) {
      return x < 0.0 ? 2.0 : 0.0;
    }
    double u = Math.floor(y * 16.0) / 16.0;
    double tail = Math.exp(-u * u) * Math.exp(-(y - u) * (y + u)) * scaledErfc(y);
    return x < 0.0 ? 2.0 - tail : tail;
  }

  /**
   * The scaled complementary error function {@code e^(y^2) erfc(y)} for {@code y > 0.46875}: a
   * rational function of {@code y} up to 4, and beyond it Cody's asymptotic form in {@code 1/y^2}.
   *
   * @param y the argument, greater than 0.46875
   * @return {@code e^(y^2) erfc(y)}
   */
  @Differentiable
  static double scaledErfc(double y) {
    if (y <= ERFC_MIDDLE) {
      double num = C9 * y;
      double den = y;
      num = (num + C1) * y;
      den = (den + D1) * y;
      num = (num + C2) * y;
      den = (den + D2) * y;
      num = (num + C3) * y;
      den = (den + D3) * y;
      num = (num + C4) * y;
      den = (den + D4) * y;
      num = (num + C5) * y;
      den = (den + D5) * y;
      num = (num + C6) * y;
      den = (den + D6) * y;
      num = (num + C7) * y;
      den = (den + D7) * y;
      return (num + C8) / (den + D8);
    }
    double z = 1.0 / (y * y);
    double num = P6 * z;
    double den = z;
    num = (num + P1) * z;
    den = (den + Q1) * z;
    num = (num + P2) * z;
    den = (den + Q2) * z;
    num = (num + P3) * z;
    den = (den + Q3) * z;
    num = (num + P4) * z;
    den = (den + Q4) * z;
    double correction = z * (num + P5) / (den + Q5);
    return (INV_SQRT_PI - correction) / y;
  }

  /**
   * The standard normal density {@code e^(-x^2/2) / sqrt(2 pi)}; plain code, for comparisons.
   *
   * @param x any real number
   * @return the density at {@code x}
   */
  public static double normPdf(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
  }
}
