package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;

/**
 * The {@code tanh} neuron against three independent references: the hand-derived gradient at the
 * tutorial point, Hipparchus' forward-mode {@link DerivativeStructure} evaluation of the same
 * formula (exact derivatives, no truncation error) and central finite differences.
 */
class NeuronTest {

  /** Five variables, first derivatives. */
  private static final DSFactory FACTORY = new DSFactory(5, 1);

  @Test
  void tutorialPoint() {
    Neuron_Grad.OutputGradient g = Neuron_Grad.output(2, 0, -3, 1, Neuron.TUTORIAL_BIAS);
    // n = asinh(1), so out = 1/sqrt 2 and 1 - out^2 = 1/2.
    assertEquals(Math.sqrt(0.5), g.value(), 1e-15);
    assertEquals(-1.5, g.dX1(), 1e-14); // w1 / 2
    assertEquals(0.5, g.dX2(), 1e-14); // w2 / 2
    assertEquals(1.0, g.dW1(), 1e-14); // x1 / 2
    assertEquals(0.0, g.dW2(), 1e-14); // x2 / 2
    assertEquals(0.5, g.dB(), 1e-14); // 1 / 2
  }

  @Test
  void gradientMatchesHipparchusDerivativeStructure() {
    Random random = new Random(7L);
    for (int i = 0; i < 200; i++) {
      double[] p = randomPoint(random);
      double[] expected = hipparchusGradient(p);
      Neuron_Grad.OutputGradient g = Neuron_Grad.output(p[0], p[1], p[2], p[3], p[4]);
      assertEquals(expected[0], g.value(), 1e-15);
      assertArrayEquals(
          new double[] {expected[1], expected[2], expected[3], expected[4], expected[5]},
          new double[] {g.dX1(), g.dX2(), g.dW1(), g.dW2(), g.dB()},
          1e-14,
          () -> "at " + Arrays.toString(p));
    }
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    Random random = new Random(11L);
    for (int i = 0; i < 50; i++) {
      double[] p = randomPoint(random);
      Neuron_Grad.OutputGradient g = Neuron_Grad.output(p[0], p[1], p[2], p[3], p[4]);
      double[] ad = {g.dX1(), g.dX2(), g.dW1(), g.dW2(), g.dB()};
      for (int k = 0; k < 5; k++) {
        double h = 1e-6;
        double[] up = p.clone();
        double[] down = p.clone();
        up[k] += h;
        down[k] -= h;
        double fd = (output(up) - output(down)) / (2 * h);
        // Truncation error about h^2 |f'''| / 6 and rounding about 1e-16 / h: far below 1e-8.
        assertEquals(fd, ad[k], 1e-8, "component " + k);
      }
    }
  }

  @Test
  void tangentAndPullbackAgreeWithHipparchus() {
    Random random = new Random(13L);
    for (int i = 0; i < 100; i++) {
      double[] p = randomPoint(random);
      double[] v = new double[5];
      for (int k = 0; k < 5; k++) {
        v[k] = random.nextDouble() * 2 - 1;
      }
      double[] expected = hipparchusGradient(p);
      double directional = 0;
      for (int k = 0; k < 5; k++) {
        directional += expected[k + 1] * v[k];
      }
      double tangent = Neuron_Grad.outputTangent(
          p[0], v[0], p[1], v[1], p[2], v[2], p[3], v[3], p[4], v[4]);
      assertEquals(directional, tangent, 1e-13);

      double seed = random.nextDouble() * 4 - 2;
      double[] adj = new double[7];
      double value = Neuron_Grad.outputPullback(p[0], p[1], p[2], p[3], p[4], seed, adj, 2);
      assertEquals(expected[0], value, 1e-15);
      assertEquals(0.0, adj[0], 0.0);
      assertEquals(0.0, adj[1], 0.0);
      for (int k = 0; k < 5; k++) {
        assertEquals(seed * expected[k + 1], adj[k + 2], 1e-13);
      }
    }
  }

  /** Inputs, weights and bias in [-2, 2], where tanh is neither linear nor saturated. */
  private static double[] randomPoint(Random random) {
    double[] p = new double[5];
    for (int k = 0; k < 5; k++) {
      p[k] = random.nextDouble() * 4 - 2;
    }
    return p;
  }

  /** The value and the five partial derivatives, by Hipparchus' forward mode. */
  private static double[] hipparchusGradient(double[] p) {
    DerivativeStructure x1 = FACTORY.variable(0, p[0]);
    DerivativeStructure x2 = FACTORY.variable(1, p[1]);
    DerivativeStructure w1 = FACTORY.variable(2, p[2]);
    DerivativeStructure w2 = FACTORY.variable(3, p[3]);
    DerivativeStructure b = FACTORY.variable(4, p[4]);
    DerivativeStructure out = x1.multiply(w1).add(x2.multiply(w2)).add(b).tanh();
    return new double[] {
      out.getValue(),
      out.getPartialDerivative(1, 0, 0, 0, 0),
      out.getPartialDerivative(0, 1, 0, 0, 0),
      out.getPartialDerivative(0, 0, 1, 0, 0),
      out.getPartialDerivative(0, 0, 0, 1, 0),
      out.getPartialDerivative(0, 0, 0, 0, 1)
    };
  }

  private static double output(double[] p) {
    return Neuron.output(p[0], p[1], p[2], p[3], p[4]);
  }
}
