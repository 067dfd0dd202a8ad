package io.github.chainrule.gradbench;

import io.github.chainrule.Differentiable;

/**
 * GradBench's {@code lse} eval: {@code log Σ exp(x_i)}, computed stably as
 * {@code a + log Σ exp(x_i − a)} with {@code a = max x}, from its primitives (a maximum and a sum)
 * as the eval asks; the derivative is Chainrule's, not a hand-written softmax.
 */
public final class Lse {
  private Lse() {}

  /** LogSumExp of a non-empty vector; {@code Lse_Grad.primal(x).dX()} is its gradient. */
  @Differentiable
  public static double primal(double[] x) {
    double a = x[0];
    for (int i = 1; i < x.length; i++) {
      a = Math.max(a, x[i]);
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.exp(x[i] - a);
    }
    return Math.log(s) + a;
  }
}
