package io.github.chainrule.samples;

import static io.github.chainrule.samples.Checks.absDot;
import static io.github.chainrule.samples.Checks.assertClose;
import static io.github.chainrule.samples.Checks.central;
import static io.github.chainrule.samples.Checks.dot;
import static io.github.chainrule.samples.Checks.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.Tape;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The recurrent network: backpropagation through time by the generated pullback against central
 * differences and forward mode, and training that cuts the loss by a large factor.
 */
class SineRnnTest {

  private static final int HIDDEN = 5;

  /** A network with every weight nonzero, the biases included, so that every path carries. */
  private static SineRnn.Network randomNetwork(long seed) {
    SineRnn.Network net = SineRnn.Network.random(HIDDEN, seed);
    Random random = new Random(seed + 1);
    for (int j = 0; j < HIDDEN; j++) {
      net.bh()[j] = 0.2 * random.nextGaussian();
    }
    net.by()[0] = 0.1;
    return net;
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SineRnn.Waves waves = SineRnn.Waves.random(2, 15, SineRnn.NOISE, 3);
    for (int s = 0; s < 2; s++) {
      SineRnn.Network net = randomNetwork(s);
      double[] input = waves.inputs()[s];
      double[] target = waves.targets()[s];
      SineRnn_Grad.SequenceLossGradient g = SineRnn_Grad.sequenceLoss(
          net.wx(), net.wh(), net.bh(), net.wy(), net.by()[0], input, target, SineRnn.WARMUP);
      DoubleSupplier loss = () -> net.loss(input, target);
      assertEquals(loss.getAsDouble(), g.value(), 1e-15);
      double h = 1e-5;
      double tol = 1e-8;
      for (int j = 0; j < HIDDEN; j++) {
        assertClose(central(loss, net.wx(), j, h), g.dWx()[j], tol, tol, "dWx[" + j + "]");
        assertClose(central(loss, net.bh(), j, h), g.dBh()[j], tol, tol, "dBh[" + j + "]");
        assertClose(central(loss, net.wy(), j, h), g.dWy()[j], tol, tol, "dWy[" + j + "]");
        for (int k = 0; k < HIDDEN; k++) {
          assertClose(central(loss, net.wh()[j], k, h), g.dWh()[j][k], tol, tol,
              "dWh[" + j + "][" + k + "]");
        }
      }
      assertClose(central(loss, net.by(), 0, h), g.dBy(), tol, tol, "dBy");
    }
  }

  /**
   * The derivative with respect to the first recurrent weight, on a sequence long enough that it
   * reaches back through many steps: the pullback of a long unrolled loop stays exact.
   */
  @Test
  void gradientThroughManySteps() {
    SineRnn.Waves waves = SineRnn.Waves.random(1, 200, SineRnn.NOISE, 5);
    SineRnn.Network net = randomNetwork(9);
    double[] in = waves.inputs()[0];
    double[] out = waves.targets()[0];
    SineRnn.Network g = net.zerosLike();
    net.accumulateGradient(in, out, 1.0, g, new Tape());
    DoubleSupplier loss = () -> net.loss(in, out);
    assertClose(central(loss, net.wh()[0], 1, 1e-5), g.wh()[0][1], 1e-8, 1e-9, "dWh[0][1]");
    assertClose(central(loss, net.wx(), 2, 1e-5), g.wx()[2], 1e-8, 1e-9, "dWx[2]");
  }

  @Test
  void tangentAndPullbackAreTransposes() {
    Random random = new Random(2024);
    SineRnn.Waves waves = SineRnn.Waves.random(10, 25, SineRnn.NOISE, 8);
    Tape tape = new Tape();
    for (int trial = 0; trial < 10; trial++) {
      SineRnn.Network net = randomNetwork(50 + trial);
      double[] vWx = gaussian(random, HIDDEN);
      double[][] vWh = gaussian(random, HIDDEN, HIDDEN);
      double[] vBh = gaussian(random, HIDDEN);
      double[] vWy = gaussian(random, HIDDEN);
      double vBy = random.nextGaussian();
      double seed = random.nextGaussian();
      double[] in = waves.inputs()[trial];
      double[] out = waves.targets()[trial];

      double tangent = SineRnn_Grad.sequenceLossTangent(net.wx(), vWx, net.wh(), vWh, net.bh(),
          vBh, net.wy(), vWy, net.by()[0], vBy, in, out, SineRnn.WARMUP);
      SineRnn.Network g = net.zerosLike();
      double value = net.accumulateGradient(in, out, seed, g, tape);
      assertEquals(net.loss(in, out), value, 0.0);
      double reverse = dot(vWx, g.wx()) + dot(vWh, g.wh()) + dot(vBh, g.bh())
          + dot(vWy, g.wy()) + vBy * g.by()[0];
      double scale = absDot(vWx, g.wx()) + absDot(vWh, g.wh()) + absDot(vBh, g.bh())
          + absDot(vWy, g.wy()) + Math.abs(vBy * g.by()[0]);
      assertEquals(tangent * seed, reverse, 1e-13 * scale + 1e-300, "trial " + trial);
    }
    assertTrue(tape.isEmpty());
  }

  /** The first {@code warmup} steps are not scored: their targets do not matter. */
  @Test
  void warmupStepsAreNotScored() {
    SineRnn.Waves waves = SineRnn.Waves.random(1, 20, SineRnn.NOISE, 4);
    SineRnn.Network net = randomNetwork(4);
    double[] target = waves.targets()[0].clone();
    double before = net.loss(waves.inputs()[0], target);
    for (int t = 0; t < SineRnn.WARMUP; t++) {
      target[t] = 100;
    }
    assertEquals(before, net.loss(waves.inputs()[0], target), 0.0);
  }

  /**
   * A short training run (a few hundred Adam steps) cuts the loss on the training sequences by
   * more than 10 and ends well below the "no change" baseline on sequences it never saw.
   */
  @Test
  void trainingCutsTheLossByAFactorOfTen() {
    SineRnn.Waves train = SineRnn.Waves.random(16, SineRnn.STEPS, SineRnn.NOISE, 1);
    SineRnn.Waves unseen = SineRnn.Waves.random(32, SineRnn.STEPS, SineRnn.NOISE, 2);
    SineRnn.Settings settings = new SineRnn.Settings(8, 60, 4, 0.01, 7L);
    double before = SineRnn.Network.random(8, 7L).meanLoss(train.inputs(), train.targets());
    SineRnn.Network net = SineRnn.train(train, settings, null, 1);
    double after = net.meanLoss(train.inputs(), train.targets());
    assertTrue(after < before / 10, "loss " + before + " -> " + after);
    double test = net.meanLoss(unseen.inputs(), unseen.targets());
    double baseline = unseen.persistenceLoss();
    assertTrue(test < baseline / 3, "unseen loss " + test + ", baseline " + baseline);
  }
}
