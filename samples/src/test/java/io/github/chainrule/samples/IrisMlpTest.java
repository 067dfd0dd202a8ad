package io.github.chainrule.samples;

import static io.github.chainrule.samples.Checks.absDot;
import static io.github.chainrule.samples.Checks.assertClose;
import static io.github.chainrule.samples.Checks.central;
import static io.github.chainrule.samples.Checks.dot;
import static io.github.chainrule.samples.Checks.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.Tape;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The Iris perceptron: the data set as shipped, the generated gradient of the loss against central
 * differences and against forward mode, and training to at least 95% accuracy.
 */
class IrisMlpTest {

  private static final Iris IRIS = Iris.load();

  // ---------------------------------------------------------------------------------------------
  // The data

  @Test
  void theDataSetHas150RowsFiftyPerSpecies() {
    assertEquals(150, IRIS.size());
    int[] counts = new int[3];
    for (int label : IRIS.labels()) {
      counts[label]++;
    }
    assertArrayEquals(new int[] {50, 50, 50}, counts);
    for (int n = 0; n < 150; n++) {
      assertEquals(n / 50, IRIS.labels()[n], "the file lists the species in blocks of 50");
    }
  }

  @Test
  void knownRows() {
    assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, IRIS.features()[0]);
    assertArrayEquals(new double[] {4.3, 3.0, 1.1, 0.1}, IRIS.features()[13]);
    assertArrayEquals(new double[] {7.0, 3.2, 4.7, 1.4}, IRIS.features()[50]);
    assertArrayEquals(new double[] {6.3, 3.3, 6.0, 2.5}, IRIS.features()[100]);
    assertArrayEquals(new double[] {7.9, 3.8, 6.4, 2.0}, IRIS.features()[131]);
    assertArrayEquals(new double[] {5.9, 3.0, 5.1, 1.8}, IRIS.features()[149]);
    // UCI's rows 35 and 38, which differ from Fisher's paper (see the comment in iris.csv).
    assertArrayEquals(new double[] {4.9, 3.1, 1.5, 0.1}, IRIS.features()[34]);
    assertArrayEquals(new double[] {4.9, 3.1, 1.5, 0.1}, IRIS.features()[37]);
  }

  /**
   * The column sums. With Fisher's values (R's {@code iris}) they are 876.5, 458.6, 563.7 and
   * 179.9 (means 5.843, 3.057, 3.758, 1.199); UCI's rows 35 and 38 move the last three by -0.5,
   * +0.1 and -0.1.
   */
  @Test
  void columnSums() {
    double[] expected = {876.5, 458.1, 563.8, 179.8};
    for (int i = 0; i < 4; i++) {
      double sum = 0;
      for (double[] row : IRIS.features()) {
        sum += row[i];
      }
      assertEquals(expected[i], sum, 1e-9, Iris.FEATURES.get(i));
    }
  }

  @Test
  void standardisedColumnsHaveMeanZeroAndVarianceOne() {
    double[][] xs = IRIS.standardisedFeatures();
    for (int i = 0; i < 4; i++) {
      double sum = 0;
      double squares = 0;
      for (double[] row : xs) {
        sum += row[i];
        squares += row[i] * row[i];
      }
      assertEquals(0, sum / xs.length, 1e-12);
      assertEquals(1, squares / xs.length, 1e-12);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The gradient

  private static IrisMlp.Network randomNetwork(long seed) {
    IrisMlp.Network net = IrisMlp.Network.random(4, 6, 3, seed);
    Random random = new Random(seed + 1);
    for (int j = 0; j < net.b1().length; j++) {
      net.b1()[j] = 0.3 * random.nextGaussian();
    }
    for (int k = 0; k < 3; k++) {
      net.b2()[k] = 0.3 * random.nextGaussian();
    }
    return net;
  }

  /** Every weight's derivative, by the pullback, against a central difference of the loss. */
  @Test
  void sampleLossGradientMatchesCentralDifferences() {
    double[][] xs = IRIS.standardisedFeatures();
    for (int n : new int[] {0, 77, 120}) {
      IrisMlp.Network net = randomNetwork(n);
      double[] x = xs[n];
      int label = IRIS.labels()[n];
      IrisMlp.Network g = net.zerosLike();
      double value = IrisMlp_Grad.sampleLossPullback(
          net.w1(), net.b1(), net.w2(), net.b2(), x, label, 1.0, g.w1(), g.b1(), g.w2(), g.b2());
      DoubleSupplier loss =
          () -> IrisMlp.sampleLoss(net.w1(), net.b1(), net.w2(), net.b2(), x, label);
      assertEquals(loss.getAsDouble(), value, 1e-15);
      checkAgainstDifferences(net, g, loss, "sample " + n);
    }
  }

  @Test
  void meanLossGradientMatchesCentralDifferences() {
    double[][] xs = IRIS.standardisedFeatures();
    IrisMlp.Network net = randomNetwork(5);
    IrisMlp_Grad.MeanLossGradient g =
        IrisMlp_Grad.meanLoss(net.w1(), net.b1(), net.w2(), net.b2(), xs, IRIS.labels());
    DoubleSupplier loss = () -> net.meanLoss(xs, IRIS.labels());
    assertEquals(loss.getAsDouble(), g.value(), 1e-14);
    checkAgainstDifferences(
        net, new IrisMlp.Network(g.dW1(), g.dB1(), g.dW2(), g.dB2()), loss, "mean loss");
  }

  /**
   * The loss is smooth and of order 1, so the central difference with step 1e-5 is accurate to
   * about 1e-10 (truncation h^2 f''' and rounding eps / h alike).
   */
  private static void checkAgainstDifferences(
      IrisMlp.Network net, IrisMlp.Network grad, DoubleSupplier loss, String where) {
    double h = 1e-5;
    double tol = 1e-8;
    for (int j = 0; j < net.w1().length; j++) {
      for (int i = 0; i < net.w1()[j].length; i++) {
        assertClose(central(loss, net.w1()[j], i, h), grad.w1()[j][i], tol, tol,
            where + " dW1[" + j + "][" + i + "]");
      }
      assertClose(central(loss, net.b1(), j, h), grad.b1()[j], tol, tol, where + " dB1[" + j + "]");
    }
    for (int k = 0; k < net.w2().length; k++) {
      for (int j = 0; j < net.w2()[k].length; j++) {
        assertClose(central(loss, net.w2()[k], j, h), grad.w2()[k][j], tol, tol,
            where + " dW2[" + k + "][" + j + "]");
      }
      assertClose(central(loss, net.b2(), k, h), grad.b2()[k], tol, tol, where + " dB2[" + k + "]");
    }
  }

  /**
   * Forward and reverse mode are transposes: for a random direction {@code V} of the weights and a
   * seed {@code s}, the tangent times {@code s} equals {@code <V, pullback(s)>}.
   */
  @Test
  void tangentAndPullbackAreTransposes() {
    double[][] xs = IRIS.standardisedFeatures();
    Random random = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      IrisMlp.Network net = randomNetwork(100 + trial);
      double[][] vW1 = gaussian(random, 6, 4);
      double[] vB1 = gaussian(random, 6);
      double[][] vW2 = gaussian(random, 3, 6);
      double[] vB2 = gaussian(random, 3);
      double seed = random.nextGaussian();
      int n = random.nextInt(150);

      double tangent = IrisMlp_Grad.sampleLossTangent(
          net.w1(), vW1, net.b1(), vB1, net.w2(), vW2, net.b2(), vB2, xs[n], IRIS.labels()[n]);
      IrisMlp.Network g = net.zerosLike();
      IrisMlp_Grad.sampleLossPullback(net.w1(), net.b1(), net.w2(), net.b2(), xs[n],
          IRIS.labels()[n], seed, g.w1(), g.b1(), g.w2(), g.b2());
      double reverse = dot(vW1, g.w1()) + dot(vB1, g.b1()) + dot(vW2, g.w2()) + dot(vB2, g.b2());
      double scale = absDot(vW1, g.w1()) + absDot(vB1, g.b1()) + absDot(vW2, g.w2())
          + absDot(vB2, g.b2());
      assertEquals(tangent * seed, reverse, 1e-13 * scale + 1e-300, "trial " + trial);

      // The same for the loss over the whole data set (calls of sampleLoss in a loop).
      double meanTangent = IrisMlp_Grad.meanLossTangent(
          net.w1(), vW1, net.b1(), vB1, net.w2(), vW2, net.b2(), vB2, xs, IRIS.labels());
      g.clear();
      IrisMlp_Grad.meanLossPullback(net.w1(), net.b1(), net.w2(), net.b2(), xs, IRIS.labels(),
          seed, g.w1(), g.b1(), g.w2(), g.b2());
      double meanReverse =
          dot(vW1, g.w1()) + dot(vB1, g.b1()) + dot(vW2, g.w2()) + dot(vB2, g.b2());
      double meanScale = absDot(vW1, g.w1()) + absDot(vB1, g.b1()) + absDot(vW2, g.w2())
          + absDot(vB2, g.b2());
      assertEquals(meanTangent * seed, meanReverse, 1e-12 * meanScale + 1e-300, "trial " + trial);
    }
  }

  /**
   * The pullback adds {@code seed * gradient} to what the arrays hold: the gradient of the mean
   * loss equals the per-sample pullbacks accumulated with seed {@code 1/150}, and a null array
   * adjoint is simply not computed.
   */
  @Test
  void pullbacksAccumulate() {
    double[][] xs = IRIS.standardisedFeatures();
    IrisMlp.Network net = randomNetwork(3);
    IrisMlp_Grad.MeanLossGradient whole =
        IrisMlp_Grad.meanLoss(net.w1(), net.b1(), net.w2(), net.b2(), xs, IRIS.labels());
    IrisMlp.Network sum = net.zerosLike();
    Tape tape = new Tape();
    for (int n = 0; n < xs.length; n++) {
      IrisMlp_Grad.sampleLossPullback(net.w1(), net.b1(), net.w2(), net.b2(), xs[n],
          IRIS.labels()[n], 1.0 / xs.length, sum.w1(), sum.b1(), sum.w2(), sum.b2(), tape);
    }
    for (int j = 0; j < 6; j++) {
      assertArrayEquals(whole.dW1()[j], sum.w1()[j], 1e-15);
    }
    assertArrayEquals(whole.dB1(), sum.b1(), 1e-15);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(whole.dW2()[k], sum.w2()[k], 1e-15);
    }
    assertArrayEquals(whole.dB2(), sum.b2(), 1e-15);

    // Adding on top: a second call with seed 2 leaves 3 times the gradient of one sample.
    IrisMlp.Network once = net.zerosLike();
    IrisMlp_Grad.sampleLossPullback(net.w1(), net.b1(), net.w2(), net.b2(), xs[60], 1, 1.0,
        once.w1(), once.b1(), once.w2(), once.b2());
    IrisMlp.Network twice = net.zerosLike();
    IrisMlp_Grad.sampleLossPullback(net.w1(), net.b1(), net.w2(), net.b2(), xs[60], 1, 1.0,
        twice.w1(), twice.b1(), twice.w2(), twice.b2());
    IrisMlp_Grad.sampleLossPullback(net.w1(), net.b1(), net.w2(), net.b2(), xs[60], 1, 2.0,
        null, twice.b1(), null, null);
    for (int j = 0; j < 6; j++) {
      assertEquals(3 * once.b1()[j], twice.b1()[j], 1e-15);
      assertArrayEquals(once.w1()[j], twice.w1()[j], 0.0);
    }
    assertTrue(tape.isEmpty(), "every pullback pops what it pushed");
  }

  // ---------------------------------------------------------------------------------------------
  // Training

  @Test
  void trainingReaches95PercentAccuracy() {
    double[][] xs = IRIS.standardisedFeatures();
    IrisMlp.Network untrained = IrisMlp.Network.random(4, IrisMlp.HIDDEN, 3, 1);
    double before = untrained.meanLoss(xs, IRIS.labels());
    IrisMlp.Network net =
        IrisMlp.train(xs, IRIS.labels(), 3, IrisMlp.Settings.defaults(), null, 1);
    double accuracy = net.accuracy(xs, IRIS.labels());
    assertTrue(accuracy >= 0.95, "training accuracy " + accuracy);
    double after = net.meanLoss(xs, IRIS.labels());
    assertTrue(after < 0.1 && after < before / 10, "loss " + before + " -> " + after);
    int[][] confusion = net.confusion(xs, IRIS.labels(), 3);
    assertEquals(50, confusion[0][0], "setosa is linearly separable from the others");
  }

  @Test
  void trainingIsDeterministic() {
    double[][] xs = IRIS.standardisedFeatures();
    IrisMlp.Settings quick = new IrisMlp.Settings(8, 5, 10, 0.1, 42);
    IrisMlp.Network a = IrisMlp.train(xs, IRIS.labels(), 3, quick, null, 1);
    IrisMlp.Network b = IrisMlp.train(xs, IRIS.labels(), 3, quick, null, 1);
    for (int j = 0; j < 8; j++) {
      assertArrayEquals(a.w1()[j], b.w1()[j], 0.0);
    }
    assertArrayEquals(a.b2(), b.b2(), 0.0);
  }

  /** Trained on four flowers of every five, the network classifies the fifth nearly as well. */
  @Test
  void generalisesToHeldOutFlowers() {
    double[][] xs = IRIS.standardisedFeatures();
    int[] labels = IRIS.labels();
    double[][] trainX = new double[120][];
    int[] trainY = new int[120];
    double[][] testX = new double[30][];
    int[] testY = new int[30];
    for (int n = 0, a = 0, b = 0; n < 150; n++) {
      if (n % 5 == 4) {
        testX[b] = xs[n];
        testY[b++] = labels[n];
      } else {
        trainX[a] = xs[n];
        trainY[a++] = labels[n];
      }
    }
    IrisMlp.Network net = IrisMlp.train(trainX, trainY, 3, IrisMlp.Settings.defaults(), null, 1);
    assertTrue(net.accuracy(testX, testY) >= 0.9, "held-out accuracy " + net.accuracy(testX, testY));
  }
}
