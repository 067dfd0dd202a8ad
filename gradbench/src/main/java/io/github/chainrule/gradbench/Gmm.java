package io.github.chainrule.gradbench;

import io.github.chainrule.Differentiable;

/**
 * GradBench's {@code gmm} eval: the log posterior of a Gaussian mixture with a Wishart prior on
 * the precision matrices, in the simplified form of the eval's README ("Implementation").
 *
 * <p>Component {@code c} has weight parameter {@code alpha[c]}, mean {@code mu[c]} (length
 * {@code d}) and precision {@code Qᵀ Q}, where {@code Q} is lower triangular with diagonal
 * {@code exp(q[c][j])} and strictly lower part {@code l[c]} (length {@code d(d−1)/2}) filled
 * column by column. With {@code β_ic = α_c + Σ_j q_cj − ½ ‖Q_c (x_i − μ_c)‖²}:
 *
 * <pre>
 * F = −N (D/2 log 2π + lse(α)) + Σ_i lse(β_i)
 *     + K (nD log(γ/√2) − log Γ_D(n/2)) − γ²/2 Σ_c ‖Q_c‖_F² + m Σ_c Σ_j q_cj,   n = D + m + 1
 * </pre>
 *
 * The product {@code Q_c (x_i − μ_c)} is computed row by row as a scalar sum, never stored in a
 * local array, so the reverse sweep recomputes the centred point from the parameter arrays; the
 * tape keeps a few values per row and none per entry of the triangle. The log-sum-exps are the
 * {@code lse} eval's {@link Lse#primal}, whose generated pullback this one calls.
 */
public final class Gmm {
  private Gmm() {}

  /** The log posterior; {@code Gmm_Grad.objective(...)} gives its gradient in alpha, mu, q, l. */
  @Differentiable(wrt = {"alpha", "mu", "q", "l"})
  public static double objective(
      double[] alpha, double[][] mu, double[][] q, double[][] l, double[][] x, int m, double gamma) {
    int k = alpha.length;
    int n = x.length;
    int d = x[0].length;
    double[] beta = new double[k];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      double[] xi = x[i];
      for (int c = 0; c < k; c++) {
        double[] muc = mu[c];
        double[] qc = q[c];
        double[] lc = l[c];
        double b = alpha[c];
        for (int r = 0; r < d; r++) {
          // Row r of Q (x_i − μ_c): exp(q_r)(x_r − μ_r) + Σ_{a<r} Q[r][a] (x_a − μ_a), where
          // Q[r][a] = l[a(d−1) − a(a−1)/2 + r − a − 1] (column a starts after the columns before it).
          // The sum has a variable of its own: the reverse sweep reads no partial of it, so none
          // of its d(d−1)/2 updates per point and component is saved on the tape.
          double lower = 0;
          for (int a = 0; a < r; a++) {
            lower += lc[a * (d - 1) - a * (a - 1) / 2 + r - a - 1] * (xi[a] - muc[a]);
          }
          double row = Math.exp(qc[r]) * (xi[r] - muc[r]) + lower;
          b += qc[r] - 0.5 * row * row;
        }
        beta[c] = b;
      }
      slse += Lse.primal(beta);
    }
    double likelihood = slse - n * (0.5 * d * Math.log(2 * Math.PI) + Lse.primal(alpha));
    return likelihood + logWishartPrior(q, l, m, gamma);
  }

  /** {@code log p(θ)}: the Wishart prior of every component's precision matrix. */
  @Differentiable(wrt = {"q", "l"})
  static double logWishartPrior(double[][] q, double[][] l, int m, double gamma) {
    int k = q.length;
    int d = q[0].length;
    int dof = d + m + 1;
    double constant =
        dof * d * (Math.log(gamma) - 0.5 * Math.log(2.0)) - logMultivariateGamma(0.5 * dof, d);
    double frobenius = 0;
    double sumQ = 0;
    for (int c = 0; c < k; c++) {
      double[] qc = q[c];
      double[] lc = l[c];
      for (int j = 0; j < d; j++) {
        double diagonal = Math.exp(qc[j]);
        frobenius += diagonal * diagonal;
        sumQ += qc[j];
      }
      for (int j = 0; j < lc.length; j++) {
        frobenius += lc[j] * lc[j];
      }
    }
    return k * constant - 0.5 * gamma * gamma * frobenius + m * sumQ;
  }

  /**
   * {@code log Γ_p(a) = p(p−1)/4 log π + Σ_{j=1}^{p} log Γ(a + (1−j)/2)}. A constant of the
   * derivative (it depends on {@code m} and {@code d} only); its arguments are always positive
   * integers or half-integers here, where {@link #logGammaHalfInteger} is exact up to rounding.
   */
  static double logMultivariateGamma(double a, int p) {
    double s = 0.25 * p * (p - 1) * Math.log(Math.PI);
    for (int j = 1; j <= p; j++) {
      s += logGammaHalfInteger(a + 0.5 * (1 - j));
    }
    return s;
  }

  /**
   * {@code log Γ(z)} for a positive integer or half-integer {@code z}, from {@code Γ(1) = 1},
   * {@code Γ(½) = √π} and {@code Γ(z + 1) = z Γ(z)}.
   */
  static double logGammaHalfInteger(double z) {
    double twice = 2 * z;
    if (!(z > 0) || twice != Math.rint(twice) || twice > 1e7) {
      throw new IllegalArgumentException("log Γ is only implemented at positive half-integers: " + z);
    }
    double s;
    double t;
    if (twice % 2 == 0) {
      s = 0;
      t = 1;
    } else {
      s = 0.5 * Math.log(Math.PI);
      t = 0.5;
    }
    for (; t < z; t += 1) {
      s += Math.log(t);
    }
    return s;
  }
}
