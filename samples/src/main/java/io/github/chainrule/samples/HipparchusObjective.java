package io.github.chainrule.samples;

import org.hipparchus.analysis.MultivariateFunction;
import org.hipparchus.analysis.MultivariateVectorFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;

/**
 * A generated gradient as Hipparchus sees an objective: the {@link MultivariateFunction} and
 * {@link MultivariateVectorFunction} pair that its gradient-based optimisers take ({@link
 * #function()} and {@link #gradient()}, or {@link #objective()} and {@link #objectiveGradient()}
 * as optimisation data). Hipparchus asks for the value and the gradient separately, mostly at the
 * same point: one pullback gives both, so the adapter keeps the last point's pair and answers the
 * second question from it.
 *
 * <pre>{@code
 * HipparchusObjective f = HipparchusObjective.of(Rosenbrock.OBJECTIVE, n);
 * PointValuePair min = new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE, checker)
 *     .optimize(new MaxEval(100_000), f.objective(), f.objectiveGradient(), GoalType.MINIMIZE,
 *         new InitialGuess(start));
 * }</pre>
 *
 * <p>Not thread-safe (it keeps the last point), as Hipparchus's optimisers are not.
 */
public final class HipparchusObjective {
  private final GradientDescent.Objective objective;
  private final double[] point;
  private final double[] gradient;
  private double value;
  private boolean known;
  private long pullbacks;

  private HipparchusObjective(GradientDescent.Objective objective, int n) {
    this.objective = objective;
    this.point = new double[n];
    this.gradient = new double[n];
  }

  /**
   * @param objective the value and the gradient (a generated pullback) of a function of {@code n}
   *     variables
   */
  public static HipparchusObjective of(GradientDescent.Objective objective, int n) {
    return new HipparchusObjective(objective, n);
  }

  private void at(double[] x) {
    if (known && java.util.Arrays.equals(x, point)) {
      return;
    }
    System.arraycopy(x, 0, point, 0, point.length);
    java.util.Arrays.fill(gradient, 0.0);
    value = objective.valueAndGradient(point, gradient);
    known = true;
    pullbacks++;
  }

  /** The function: its value by the pullback (which gives the gradient at the same point too). */
  public MultivariateFunction function() {
    return x -> {
      at(x);
      return value;
    };
  }

  /** The gradient, a new array each time (Hipparchus keeps them). */
  public MultivariateVectorFunction gradient() {
    return x -> {
      at(x);
      return gradient.clone();
    };
  }

  public ObjectiveFunction objective() {
    return new ObjectiveFunction(function());
  }

  public ObjectiveFunctionGradient objectiveGradient() {
    return new ObjectiveFunctionGradient(gradient());
  }

  /** How many pullbacks the optimiser's questions took. */
  public long pullbacks() {
    return pullbacks;
  }
}
