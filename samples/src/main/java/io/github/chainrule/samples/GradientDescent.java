package io.github.chainrule.samples;

import java.util.Arrays;

/**
 * Steepest descent with a backtracking (Armijo) line search: the simplest optimiser that uses a
 * gradient and still converges without a hand-tuned step size.
 *
 * <p>Each iteration computes {@code f(x)} and {@code g = grad f(x)}, then tries the step {@code x -
 * t g}, starting from twice the previous iteration's step length {@code t} and halving it until
 * the decrease is at least half of what the slope promises, {@code f(x - t g) <= f(x) - t |g|^2 /
 * 2}. It stops when {@code |g|} falls below a tolerance, or after a number of iterations.
 */
public final class GradientDescent {

  /** A differentiable function of a vector, as the generated pullbacks provide it. */
  public interface Objective {
    /**
     * The value at {@code x}.
     *
     * @param x the point, not changed
     * @return {@code f(x)}
     */
    double value(double[] x);

    /**
     * The value at {@code x}, adding the gradient to {@code gradient} (as a pullback with seed 1
     * does: {@link GradientDescent} zeroes it first).
     *
     * @param x the point, not changed
     * @param gradient where {@code grad f(x)} is added
     * @return {@code f(x)}
     */
    double valueAndGradient(double[] x, double[] gradient);
  }

  /**
   * Where the descent stopped.
   *
   * @param point the last iterate
   * @param value {@code f} there
   * @param gradientNorm the Euclidean norm of the gradient there
   * @param iterations steps taken
   * @param converged whether the gradient norm reached the tolerance
   */
  public record Result(
      double[] point, double value, double gradientNorm, int iterations, boolean converged) {}

  private GradientDescent() {}

  /**
   * Minimises {@code f} from {@code start}.
   *
   * @param f the objective
   * @param start the first iterate, not changed
   * @param tolerance stop once {@code |grad f| <= tolerance}
   * @param maxIterations stop after this many steps
   * @return the last iterate and how it was reached
   */
  public static Result minimise(Objective f, double[] start, double tolerance, int maxIterations) {
    int n = start.length;
    double[] x = start.clone();
    double[] trial = new double[n];
    double[] g = new double[n];
    double step = 1e-3;
    for (int iteration = 0; ; iteration++) {
      Arrays.fill(g, 0);
      double value = f.valueAndGradient(x, g);
      double squared = 0;
      for (double gi : g) {
        squared += gi * gi;
      }
      double norm = Math.sqrt(squared);
      if (norm <= tolerance || iteration == maxIterations) {
        return new Result(x, value, norm, iteration, norm <= tolerance);
      }
      double t = 2 * step;
      while (true) {
        for (int i = 0; i < n; i++) {
          trial[i] = x[i] - t * g[i];
        }
        double next = f.value(trial);
        if (next <= value - 0.5 * t * squared) {
          break;
        }
        t *= 0.5;
        if (t == 0) { // no decrease along -g at all: rounding has the last word
          return new Result(x, value, norm, iteration, false);
        }
      }
      step = t;
      double[] swap = x;
      x = trial;
      trial = swap;
    }
  }
}
