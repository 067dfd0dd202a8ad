package io.github.chainrule.benchmarks;

import io.github.chainrule.DerivativeOf;
import io.github.chainrule.Differentiable;

/**
 * The Black–Scholes call of {@link Functions#blackScholes} with the normal CDF given its
 * closed-form derivative (the density) by a custom derivative, as the hand-written adjoint does.
 */
public final class CustomNormal {
  private CustomNormal() {}

  /** {@link Functions#normCdf}, whose derivative is {@link #normCdfPullback}. */
  public static double normCdf(double x) {
    return Functions.normCdf(x);
  }

  /** The custom derivative of {@link #normCdf}: the normal density. */
  @DerivativeOf(method = "normCdf")
  public static double normCdfPullback(double x, double seed, double[] adj, int at) {
    adj[at] += seed * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    return normCdf(x);
  }

  /** The Black–Scholes price of a European call. */
  @Differentiable
  public static double blackScholes(double spot, double strike, double vol, double rate, double time) {
    double sqrtT = Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    return spot * normCdf(d1) - strike * Math.exp(-rate * time) * normCdf(d2);
  }
}
