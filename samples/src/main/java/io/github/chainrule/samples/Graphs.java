package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;

/**
 * The computational-graph example that most introductions to backpropagation start with.
 *
 * <p>The function
 *
 * <pre>
 *   f(x, y, z) = (x + y) * z
 * </pre>
 *
 * is evaluated as a graph of two nodes: an addition {@code q = x + y} and a multiplication {@code f
 * = q * z}. The chain rule, applied backwards from the output, gives
 *
 * <pre>
 *   df/dz = q = x + y
 *   df/dq = z,   dq/dx = dq/dy = 1   so   df/dx = df/dy = z
 * </pre>
 *
 * <p>At {@code (x, y, z) = (2, 3, -4)}, {@code f = -20} and the gradient is {@code (-4, -4, 5)}; at
 * {@code (1, 3, -3)}, {@code f = -12} and the gradient is {@code (-3, -3, 4)}.
 *
 * <p>Chainrule writes {@code Graphs_Grad} from this class: {@code Graphs_Grad.f(x, y, z)} returns
 * the value and the three partial derivatives at once.
 */
public final class Graphs {

  private Graphs() {}

  /**
   * {@code (x + y) * z}, written with an intermediate node {@code q} as in the graph.
   *
   * @param x first summand
   * @param y second summand
   * @param z factor
   * @return {@code (x + y) * z}
   */
  @Differentiable
  public static double f(double x, double y, double z) {
    double q = x + y;
    return q * z;
  }

  /**
   * A two-layer network of two tanh neurons and a linear output, and its cost against a target:
   * the next picture of the tutorials, the graph of a network with its cost.
   *
   * @param x1 first input
   * @param x2 second input
   * @param w11 weight of {@code x1} into the first hidden neuron
   * @param w12 weight of {@code x2} into the first hidden neuron
   * @param w21 weight of {@code x1} into the second hidden neuron
   * @param w22 weight of {@code x2} into the second hidden neuron
   * @param v1 weight of the first hidden neuron into the output
   * @param v2 weight of the second hidden neuron into the output
   * @param target the wanted output
   * @return {@code (out - target)^2}
   */
  @Differentiable(wrt = {"w11", "w12", "w21", "w22", "v1", "v2"})
  public static double twoLayerCost(
      double x1, double x2, double w11, double w12, double w21, double w22, double v1, double v2, double target) {
    double h1 = Math.tanh(w11 * x1 + w12 * x2);
    double h2 = Math.tanh(w21 * x1 + w22 * x2);
    double out = v1 * h1 + v2 * h2;
    double error = out - target;
    return error * error;
  }
}
