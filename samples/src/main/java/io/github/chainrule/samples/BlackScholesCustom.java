package io.github.chainrule.samples;

import io.github.chainrule.DerivativeOf;
import io.github.chainrule.Differentiable;

/**
 * The Black–Scholes call of {@link BlackScholes}, with the normal distribution function given its
 * closed-form derivative, the normal density, by a custom derivative ({@link DerivativeOf}).
 *
 * <p>{@link BlackScholes} lets Chainrule differentiate Cody's rational approximation of {@code
 * erfc} branch by branch: exact, but the backward sweep repeats the rational functions' work.
 * Here {@link #normCdf(double)} is the same function, not {@code @Differentiable}: its derivative
 * {@code phi(x) = e^(-x^2/2) / sqrt(2 pi)} is supplied by {@link #normCdfPullback}, and every
 * call of {@code normCdf} inside {@link #callPrice} uses it in reverse and forward mode. The Greeks
 * agree with the closed forms and with those of {@link BlackScholes} to 1e-12 ({@code
 * BlackScholesCustomTest}; phi against the derivative of the approximation), and cost less: {@code
 * RunSamples} times both. The body of {@link #callPrice} repeats {@link BlackScholes#callPrice} on
 * purpose: only the derivative of the {@code normCdf} it calls differs.
 */
public final class BlackScholesCustom {
  private static final double INV_SQRT_2PI = 0.39894228040143267794;

  private BlackScholesCustom() {}

  /**
   * The standard normal distribution function: {@link BlackScholes#normCdf(double)}, whose
   * derivative here is {@link #normCdfPullback}.
   *
   * @param x the argument
   * @return {@code N(x)}
   */
  public static double normCdf(double x) {
    return BlackScholes.normCdf(x);
  }

  /**
   * The custom derivative of {@link #normCdf(double)}: adds {@code seed * phi(x)} into {@code
   * adj[at]}.
   *
   * @param x the argument
   * @param seed the adjoint of the result
   * @param adj where the adjoint of {@code x} is added
   * @param at the slot of {@code x}
   * @return {@code N(x)}
   */
  @DerivativeOf(method = "normCdf")
  public static double normCdfPullback(double x, double seed, double[] adj, int at) {
    adj[at] += seed * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    return normCdf(x);
  }

  /**
   * The Black–Scholes price of a European call, as {@link BlackScholes#callPrice}.
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
}
