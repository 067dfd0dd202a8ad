package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Rosenbrock's function in {@code n} dimensions (the "extended" form, a chain of coupled valleys):
 *
 * <pre>
 *   f(x) = sum_(i=0)^(n-2) 100 (x_(i+1) - x_i^2)^2 + (1 - x_i)^2
 * </pre>
 *
 * Its minimum is {@code f = 0} at {@code (1, ..., 1)}, at the end of a long, narrow, curved valley:
 * the classic test of an optimiser's use of the gradient,
 *
 * <pre>
 *   df/dx_i = -400 x_i (x_(i+1) - x_i^2) - 2 (1 - x_i) + 200 (x_i - x_(i-1)^2)
 * </pre>
 *
 * (the first term for {@code i < n-1}, the last for {@code i > 0}), which {@code
 * Rosenbrock_Grad.valuePullback} computes for any {@code n} in one reverse sweep of the loop.
 */
public final class Rosenbrock {

  private Rosenbrock() {}

  /**
   * Rosenbrock's function.
   *
   * @param x the point, of any length {@code >= 2}
   * @return {@code f(x) >= 0}
   */
  @Differentiable
  public static double value(double[] x) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double valley = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      sum += 100 * valley * valley + offset * offset;
    }
    return sum;
  }

  /** Rosenbrock's function and its gradient by the generated pullback, for an optimiser. */
  public static final GradientDescent.Objective OBJECTIVE =
      new GradientDescent.Objective() {
        @Override
        public double value(double[] x) {
          return Rosenbrock.value(x);
        }

        @Override
        public double valueAndGradient(double[] x, double[] gradient) {
          return Rosenbrock_Grad.valuePullback(x, 1.0, gradient);
        }
      };

  /**
   * Minimises the function from {@code start} with Hipparchus's nonlinear conjugate-gradient
   * optimiser (Polak–Ribière), which asks the generated pullback for values and gradients through
   * {@link HipparchusObjective}.
   *
   * @param start the starting point
   * @param f the objective as Hipparchus sees it ({@code HipparchusObjective.of(OBJECTIVE, n)})
   * @return the minimum found
   */
  public static PointValuePair minimise(double[] start, HipparchusObjective f) {
    NonLinearConjugateGradientOptimizer optimizer =
        new NonLinearConjugateGradientOptimizer(
            NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15));
    return optimizer.optimize(
        new MaxEval(200_000),
        f.objective(),
        f.objectiveGradient(),
        GoalType.MINIMIZE,
        new InitialGuess(start));
  }

  /**
   * The customary starting point {@code (-1.2, 1, -1.2, 1, ...)}, on the far side of the valley's
   * bend from the minimum.
   *
   * @param n the dimension
   * @return a new array
   */
  public static double[] start(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 2 == 0 ? -1.2 : 1.0;
    }
    return x;
  }

  /**
   * The gradient written by hand from the formula above: the reference of the tests.
   *
   * @param x the point
   * @return {@code grad f(x)}
   */
  public static double[] gradientByHand(double[] x) {
    int n = x.length;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      if (i < n - 1) {
        g[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
      }
      if (i > 0) {
        g[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
      }
    }
    return g;
  }
}
