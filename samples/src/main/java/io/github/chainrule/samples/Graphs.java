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
}
