package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;

/** Helpers of the gradient checks: central differences and random directions. */
final class Checks {
  private Checks() {}

  /**
   * The central difference {@code (f(a_i + h) - f(a_i - h)) / 2h}, perturbing {@code a[i]} in
   * place and putting it back.
   */
  static double central(DoubleSupplier f, double[] a, int i, double h) {
    double saved = a[i];
    a[i] = saved + h;
    double up = f.getAsDouble();
    a[i] = saved - h;
    double down = f.getAsDouble();
    a[i] = saved;
    return (up - down) / (2 * h);
  }

  /** {@code |expected - actual| <= rel * |expected| + abs}, with a message that shows both. */
  static void assertClose(double expected, double actual, double rel, double abs, String what) {
    assertTrue(
        Math.abs(expected - actual) <= rel * Math.abs(expected) + abs,
        () -> what + ": expected " + expected + ", got " + actual
            + " (difference " + (actual - expected) + ")");
  }

  static double[] gaussian(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  static double[][] gaussian(Random random, int rows, int columns) {
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = gaussian(random, columns);
    }
    return m;
  }

  /** {@code sum_i a_i b_i}. */
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code sum_ij a_ij b_ij}. */
  static double dot(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += dot(a[i], b[i]);
    }
    return s;
  }

  /** {@code sum_i |a_i b_i|}: the scale of a rounding error of {@link #dot(double[], double[])}. */
  static double absDot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] * b[i]);
    }
    return s;
  }

  static double absDot(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += absDot(a[i], b[i]);
    }
    return s;
  }
}
