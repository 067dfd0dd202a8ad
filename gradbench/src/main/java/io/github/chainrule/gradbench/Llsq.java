package io.github.chainrule.gradbench;

import io.github.chainrule.Differentiable;

/**
 * GradBench's {@code llsq} eval (cmpad's {@code llsq_obj}): the linear least squares objective
 * {@code y(x) = ½ Σ_i (s_i − Σ_j x_j t_i^j)²} over {@code n} points {@code t_i = −1 + 2i/(n−1)}
 * with targets {@code s_i = sign(t_i)}.
 */
public final class Llsq {
  private Llsq() {}

  /** The objective; {@code Llsq_Grad.primal(x, n).dX()} is its gradient. */
  @Differentiable(wrt = "x")
  public static double primal(double[] x, int n) {
    int m = x.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double ti = -1.0 + i * 2.0 / (n - 1);
      double residual = Math.signum(ti);
      double power = 1;
      for (int j = 0; j < m; j++) {
        residual -= x[j] * power;
        power *= ti;
      }
      sum += residual * residual;
    }
    return sum / 2;
  }
}
