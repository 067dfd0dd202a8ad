package io.github.chainrule.gradbench;

import io.github.chainrule.Differentiable;

/** GradBench's {@code hello} eval: {@code square} is {@code x²}, {@code double} its derivative. */
public final class Hello {
  private Hello() {}

  /** {@code f(x) = x²}; {@code Hello_Grad.square(x).dX()} is the eval's {@code double}. */
  @Differentiable
  public static double square(double x) {
    return x * x;
  }
}
