package io.github.chainrule.gradbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.GradCheck;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each module's generated gradient against finite differences (GradCheck), at small sizes. */
class GradientsTest {

  @Test
  void helloDoubleIsTheDerivativeOfSquare() {
    GradCheck.check(p -> Hello.square(p[0]), p -> new double[] {Hello_Grad.square(p[0]).dX()}, 1.7)
        .assertOk();
    assertEquals(-6.0, Hello_Grad.square(-3).dX());
  }

  @Test
  void llsqGradient() {
    double[] x = {0.3, -0.2, 0.5, 0.1, -0.4};
    for (int n : new int[] {2, 7, 16}) {
      GradCheck.check(p -> Llsq.primal(p, n), p -> Llsq_Grad.primal(p, n).dX(), x).assertOk();
    }
    // Against the closed form ∂y/∂x_j = −Σ_i r_i t_i^j.
    int n = 9;
    double[] expected = new double[x.length];
    for (int i = 0; i < n; i++) {
      double t = -1 + i * 2.0 / (n - 1);
      double r = Math.signum(t);
      for (int j = 0; j < x.length; j++) {
        r -= x[j] * Math.pow(t, j);
      }
      for (int j = 0; j < x.length; j++) {
        expected[j] -= r * Math.pow(t, j);
      }
    }
    assertArrayEquals(expected, Llsq_Grad.primal(x, n).dX(), 1e-12);
  }

  @Test
  void lseGradientIsTheSoftmax() {
    double[] x = {0.3, 1.2, 1.2, -0.5, 0.9}; // a tie at the maximum
    GradCheck.check(Lse::primal, p -> Lse_Grad.primal(p).dX(), x).assertOk();
    double[] g = Lse_Grad.primal(x).dX();
    double s = Arrays.stream(x).map(Math::exp).sum();
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.exp(x[i]) / s, g[i], 1e-15);
    }
    // Stable far from zero, where exp alone overflows.
    double[] big = {1000, 1001, 999};
    assertEquals(1001 + Math.log(Math.exp(-1) + 1 + Math.exp(-2)), Lse.primal(big), 1e-12);
    assertTrue(Arrays.stream(Lse_Grad.primal(big).dX()).allMatch(Double::isFinite));
  }

  /** A small GMM problem, its independents flattened into one point as alpha, mu, q, l. */
  private static final class Problem {
    final int d;
    final int k;
    final int m;
    final double gamma;
    final double[][] x;
    final double[] point;

    Problem(long seed, int d, int k, int n, int m, double gamma) {
      Random random = new Random(seed);
      this.d = d;
      this.k = k;
      this.m = m;
      this.gamma = gamma;
      x = new double[n][d];
      for (double[] row : x) {
        for (int j = 0; j < d; j++) {
          row[j] = random.nextGaussian();
        }
      }
      point = new double[k + 2 * k * d + k * lSize()];
      for (int i = 0; i < point.length; i++) {
        point[i] = 0.5 * random.nextGaussian();
      }
    }

    int lSize() {
      return d * (d - 1) / 2;
    }

    double[] alpha(double[] p) {
      return Arrays.copyOfRange(p, 0, k);
    }

    double[][] block(double[] p, int offset, int columns) {
      double[][] b = new double[k][];
      for (int c = 0; c < k; c++) {
        b[c] = Arrays.copyOfRange(p, offset + c * columns, offset + (c + 1) * columns);
      }
      return b;
    }

    double[][] mu(double[] p) {
      return block(p, k, d);
    }

    double[][] q(double[] p) {
      return block(p, k + k * d, d);
    }

    double[][] l(double[] p) {
      return block(p, k + 2 * k * d, lSize());
    }

    double objective(double[] p) {
      return Gmm.objective(alpha(p), mu(p), q(p), l(p), x, m, gamma);
    }

    double[] gradient(double[] p) {
      Gmm_Grad.ObjectiveGradient g = Gmm_Grad.objective(alpha(p), mu(p), q(p), l(p), x, m, gamma);
      double[] flat = new double[p.length];
      System.arraycopy(g.dAlpha(), 0, flat, 0, k);
      int at = k;
      for (double[][] block : new double[][][] {g.dMu(), g.dQ(), g.dL()}) {
        for (double[] row : block) {
          System.arraycopy(row, 0, flat, at, row.length);
          at += row.length;
        }
      }
      return flat;
    }
  }

  @Test
  void gmmGradient() {
    for (Problem problem : new Problem[] {
        new Problem(1, 1, 2, 3, 0, 1.0), new Problem(2, 2, 3, 4, 0, 1.0),
        new Problem(3, 3, 2, 5, 2, 0.7)}) {
      GradCheck.check(problem::objective, problem::gradient, problem.point).assertOk();
    }
  }

  @Test
  void gmmObjectiveMatchesTheDefinition() {
    for (Problem problem : new Problem[] {
        new Problem(4, 1, 1, 2, 0, 1.0), new Problem(5, 2, 3, 4, 0, 1.0),
        new Problem(6, 3, 2, 5, 3, 1.6)}) {
      double[] p = problem.point;
      double direct = naiveLogPosterior(problem.alpha(p), problem.mu(p), problem.q(p), problem.l(p),
          problem.x, problem.m, problem.gamma);
      assertEquals(direct, problem.objective(p), 1e-10 * Math.max(1, Math.abs(direct)));
    }
  }

  /**
   * The eval's "Definition", term by term: the mixture density with precision {@code QᵀQ} built
   * as a matrix, and the Wishart density of each precision matrix with {@code V = I/γ²}.
   */
  private static double naiveLogPosterior(double[] alpha, double[][] mu, double[][] q, double[][] l,
      double[][] x, int m, double gamma) {
    int k = alpha.length;
    int d = x[0].length;
    double sumExp = Arrays.stream(alpha).map(Math::exp).sum();
    double[][][] precision = new double[k][][];
    double[] logDet = new double[k];
    for (int c = 0; c < k; c++) {
      double[][] qm = new double[d][d];
      int at = 0;
      for (int j = 0; j < d; j++) {
        qm[j][j] = Math.exp(q[c][j]);
        for (int i = j + 1; i < d; i++) {
          qm[i][j] = l[c][at++];
        }
      }
      precision[c] = new double[d][d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          for (int r = 0; r < d; r++) {
            precision[c][i][j] += qm[r][i] * qm[r][j];
          }
        }
        logDet[c] += 2 * q[c][i];
      }
    }
    double logLikelihood = 0;
    for (double[] xi : x) {
      double density = 0;
      for (int c = 0; c < k; c++) {
        double quadratic = 0;
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            quadratic += (xi[i] - mu[c][i]) * precision[c][i][j] * (xi[j] - mu[c][j]);
          }
        }
        density += Math.exp(alpha[c]) / sumExp
            * Math.exp(-0.5 * quadratic) / Math.sqrt(Math.pow(2 * Math.PI, d) * Math.exp(-logDet[c]));
      }
      logLikelihood += Math.log(density);
    }
    int n = d + m + 1;
    double logPrior = 0;
    for (int c = 0; c < k; c++) {
      double trace = 0; // tr(V⁻¹ X) with V⁻¹ = γ² I
      for (int i = 0; i < d; i++) {
        trace += gamma * gamma * precision[c][i][i];
      }
      double logDetV = -2 * d * Math.log(gamma);
      logPrior += (n - d - 1) / 2.0 * logDet[c] - trace / 2 - n * d / 2.0 * Math.log(2)
          - n / 2.0 * logDetV - Gmm.logMultivariateGamma(n / 2.0, d);
    }
    return logLikelihood + logPrior;
  }

  @Test
  void logGammaAtHalfIntegers() {
    assertEquals(0.5 * Math.log(Math.PI), Gmm.logGammaHalfInteger(0.5), 1e-15);
    assertEquals(0, Gmm.logGammaHalfInteger(1), 0);
    assertEquals(0, Gmm.logGammaHalfInteger(2), 0);
    assertEquals(Math.log(24), Gmm.logGammaHalfInteger(5), 1e-14);
    assertEquals(Math.log(3.3233509704478426), Gmm.logGammaHalfInteger(3.5), 1e-14); // Γ(7/2) = 15√π/8
    // Γ_2(a) = √π Γ(a) Γ(a − ½)
    assertEquals(0.5 * Math.log(Math.PI) + Math.log(2) + 0.5 * Math.log(Math.PI) + Math.log(0.75),
        Gmm.logMultivariateGamma(3, 2), 1e-14);
    assertThrows(IllegalArgumentException.class, () -> Gmm.logGammaHalfInteger(0.3));
    assertThrows(IllegalArgumentException.class, () -> Gmm.logGammaHalfInteger(0));
  }
}
