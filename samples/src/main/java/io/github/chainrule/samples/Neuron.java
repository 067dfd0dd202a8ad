package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;

/**
 * A single artificial neuron with two inputs and a {@code tanh} activation.
 *
 * <pre>
 *   n   = x1 w1 + x2 w2 + b
 *   out = tanh(n)
 * </pre>
 *
 * <p>Backpropagation through it needs only {@code d tanh(n)/dn = 1 - tanh(n)^2}:
 *
 * <pre>
 *   dout/dn  = 1 - out^2
 *   dout/dx1 = w1 (1 - out^2)     dout/dw1 = x1 (1 - out^2)
 *   dout/dx2 = w2 (1 - out^2)     dout/dw2 = x2 (1 - out^2)
 *   dout/db  = 1 - out^2
 * </pre>
 *
 * <p>At the tutorial point {@code x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8813735870195432} the
 * pre-activation is {@code n = asinh(1) = ln(1 + sqrt 2)}, so {@code out = 1/sqrt 2 ~ 0.7071} and
 * {@code 1 - out^2 = 1/2}: the gradient is {@code (-1.5, 0.5, 1, 0, 0.5)} with respect to {@code
 * (x1, x2, w1, w2, b)}. The weights and the bias are what training adjusts; the gradient with
 * respect to the inputs is what flows further back to an earlier layer.
 */
public final class Neuron {

  /** The bias of the tutorial point, {@code 6 + asinh(1)}: the pre-activation is asinh(1). */
  public static final double TUTORIAL_BIAS = 6.8813735870195432;

  private Neuron() {}

  /**
   * The neuron's output {@code tanh(x1 w1 + x2 w2 + b)}; every input is differentiable.
   *
   * @param x1 first input
   * @param x2 second input
   * @param w1 weight of the first input
   * @param w2 weight of the second input
   * @param b bias
   * @return the activation, in {@code (-1, 1)}
   */
  @Differentiable
  public static double output(double x1, double x2, double w1, double w2, double b) {
    double x1w1 = x1 * w1;
    double x2w2 = x2 * w2;
    double n = x1w1 + x2w2 + b;
    return Math.tanh(n);
  }
}
