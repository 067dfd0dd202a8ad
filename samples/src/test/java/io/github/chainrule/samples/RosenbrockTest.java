package io.github.chainrule.samples;

import static io.github.chainrule.samples.Checks.assertClose;
import static io.github.chainrule.samples.Checks.central;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.hipparchus.analysis.differentiation.Gradient;
import org.junit.jupiter.api.Test;

/**
 * Rosenbrock's function in n dimensions: the generated gradient against the hand-written one,
 * Hipparchus' forward-mode {@link Gradient} and central differences; forward against reverse mode;
 * and descent to the minimum for n = 10.
 */
class RosenbrockTest {

  /** The same function in Hipparchus' operator-overloading forward mode: no code in common. */
  private static Gradient hipparchus(double[] x) {
    int n = x.length;
    Gradient[] v = new Gradient[n];
    for (int i = 0; i < n; i++) {
      v[i] = Gradient.variable(n, i, x[i]);
    }
    Gradient sum = Gradient.constant(n, 0);
    for (int i = 0; i + 1 < n; i++) {
      Gradient valley = v[i + 1].subtract(v[i].square());
      Gradient offset = v[i].negate().add(1);
      sum = sum.add(valley.square().multiply(100)).add(offset.square());
    }
    return sum;
  }

  private static double[] randomPoint(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4 * random.nextDouble();
    }
    return x;
  }

  @Test
  void gradientMatchesTheHandWrittenOneAndHipparchus() {
    Random random = new Random(17);
    for (int n : new int[] {2, 3, 10, 57}) {
      for (int trial = 0; trial < 10; trial++) {
        double[] x = randomPoint(random, n);
        double[] copy = x.clone();
        Rosenbrock_Grad.ValueGradient g = Rosenbrock_Grad.value(x);
        assertArrayEquals(copy, x, 0.0, "the argument is not changed");
        double[] byHand = Rosenbrock.gradientByHand(x);
        Gradient reference = hipparchus(x);
        assertEquals(reference.getValue(), g.value(), 1e-12 * reference.getValue());
        for (int i = 0; i < n; i++) {
          double scale = 1e-13 * (1 + Math.abs(byHand[i]) + 1000 * x[i] * x[i]);
          assertEquals(byHand[i], g.dX()[i], scale, "n = " + n + ", i = " + i);
          assertEquals(reference.getGradient()[i], g.dX()[i], scale, "n = " + n + ", i = " + i);
        }
      }
    }
  }

  @Test
  void gradientMatchesCentralDifferences() {
    double[] x = randomPoint(new Random(3), 10);
    double[] g = new double[10];
    Rosenbrock_Grad.valuePullback(x, 1.0, g);
    DoubleSupplier f = () -> Rosenbrock.value(x);
    for (int i = 0; i < 10; i++) {
      assertClose(central(f, x, i, 1e-6), g[i], 1e-8, 1e-7, "df/dx" + i);
    }
  }

  @Test
  void tangentAndPullbackAreTransposes() {
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(30);
      double[] x = randomPoint(random, n);
      double[] v = Checks.gaussian(random, n);
      double seed = random.nextGaussian();
      double tangent = Rosenbrock_Grad.valueTangent(x, v);
      double[] g = new double[n];
      Rosenbrock_Grad.valuePullback(x, seed, g);
      assertEquals(tangent * seed, Checks.dot(v, g), 1e-13 * Checks.absDot(v, g) + 1e-300);
    }
    // A null tangent is a zero direction.
    assertEquals(0.0, Rosenbrock_Grad.valueTangent(Rosenbrock.start(4), null), 0.0);
  }

  @Test
  void gradientVanishesAtTheMinimum() {
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    Rosenbrock_Grad.ValueGradient g = Rosenbrock_Grad.value(ones);
    assertEquals(0.0, g.value(), 0.0);
    assertArrayEquals(new double[10], g.dX(), 0.0);
  }

  @Test
  void hipparchusConjugateGradientReachesTheMinimumFedByThePullback() {
    for (int n : new int[] {2, 10, 100}) {
      HipparchusObjective f = HipparchusObjective.of(Rosenbrock.OBJECTIVE, n);
      org.hipparchus.optim.PointValuePair min = Rosenbrock.minimise(Rosenbrock.start(n), f);
      for (int i = 0; i < n; i++) {
        assertEquals(1.0, min.getPoint()[i], 1e-5, "n = " + n + ", x" + i);
      }
      assertTrue(min.getValue() < 1e-12, "f = " + min.getValue());
      assertTrue(f.pullbacks() > 0 && f.pullbacks() < 20_000, "pullbacks: " + f.pullbacks());
    }
  }

  @Test
  void theAdapterAnswersValueAndGradientAtOnePointWithOnePullback() {
    HipparchusObjective f = HipparchusObjective.of(Rosenbrock.OBJECTIVE, 4);
    double[] x = Rosenbrock.start(4);
    assertEquals(Rosenbrock.value(x), f.function().value(x), 0.0);
    assertArrayEquals(Rosenbrock.gradientByHand(x), f.gradient().value(x), 1e-12);
    assertEquals(1, f.pullbacks());
    x[0] += 0.5;
    assertArrayEquals(Rosenbrock.gradientByHand(x), f.gradient().value(x), 1e-12);
    assertEquals(2, f.pullbacks());
  }

  @Test
  void gradientDescentReachesTheMinimumInTenDimensions() {
    GradientDescent.Result r =
        GradientDescent.minimise(Rosenbrock.OBJECTIVE, Rosenbrock.start(10), 1e-8, 200_000);
    assertTrue(r.converged(), "not converged: |g| = " + r.gradientNorm());
    for (int i = 0; i < 10; i++) {
      assertEquals(1.0, r.point()[i], 1e-6, "x" + i);
    }
    assertTrue(r.value() < 1e-14, "f = " + r.value());
  }
}
