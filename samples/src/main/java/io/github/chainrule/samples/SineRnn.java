package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;
import io.github.chainrule.Tape;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A recurrent neural network that learns to continue a noisy sine wave one step ahead, trained by
 * backpropagation through time: the gradient of a loss summed over all time steps, through weights
 * that every step shares.
 *
 * <p>The network reads one number {@code u_t} per step and keeps a state {@code h} of {@code
 * hidden} units (an Elman network):
 *
 * <pre>
 *   h_0 = 0
 *   h_t = tanh(wx u_t + Wh h_(t-1) + bh)          wx, bh: hidden,  Wh: hidden x hidden
 *   y_t = wy . h_t + by                             wy: hidden,      by: a number
 *   loss = mean over t >= warmup of (y_t - target_t)^2
 * </pre>
 *
 * <p>The task: the inputs are samples of {@code sin(omega t + phase)} with noise added, the
 * frequency {@code omega} different in every sequence, and the target at step {@code t} is the
 * clean wave one step later. The first {@code warmup} steps are not scored: there the network has
 * seen too little of the wave to know its frequency. One input alone cannot tell where the wave goes next (a value is
 * passed on the way up and on the way down, at every frequency): the network must remember the
 * past, and must learn which past matters. Predicting "no change", {@code y_t = u_t}, is the
 * baseline to beat.
 *
 * <p>{@link #sequenceLoss} runs the network forward over one sequence, keeping every state in a
 * local {@code [steps + 1][hidden]} array. Chainrule's pullback of it is backpropagation through
 * time: its backward sweep walks the time loop in reverse, carrying the adjoint of {@code h_t}
 * back into {@code h_(t-1)} and adding each step's contribution to the adjoints of the shared
 * weights. The output bias {@code by} is a scalar parameter, so its derivative arrives in the
 * {@code adj} array of the pullback, the arrays' derivatives in arrays of their own shape.
 */
public final class SineRnn {

  /** Default number of hidden units. */
  public static final int HIDDEN = 12;

  /** Default length of one training sequence. */
  public static final int STEPS = 40;

  /** Default number of steps at the start of a sequence that the loss does not count. */
  public static final int WARMUP = 5;

  /** Default standard deviation of the noise added to the inputs. */
  public static final double NOISE = 0.05;

  private SineRnn() {}

  /**
   * The mean squared one-step-ahead error of the network over one sequence.
   *
   * @param wx input weights, {@code [hidden]}
   * @param wh recurrent weights, {@code [hidden][hidden]}
   * @param bh hidden biases, {@code [hidden]}
   * @param wy output weights, {@code [hidden]}
   * @param by output bias
   * @param input the sequence read, {@code [steps]}; a constant
   * @param target what the output should be at each step, {@code [steps]}; a constant
   * @param warmup number of steps at the start that are not scored, {@code < steps}
   * @return {@code mean over t >= warmup of (y_t - target_t)^2}
   */
  @Differentiable(wrt = {"wx", "wh", "bh", "wy", "by"})
  public static double sequenceLoss(
      double[] wx, double[][] wh, double[] bh, double[] wy, double by,
      double[] input, double[] target, int warmup) {
    int hidden = bh.length;
    int steps = input.length;
    double[][] h = new double[steps + 1][hidden];
    double loss = 0;
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < hidden; j++) {
        double a = bh[j] + wx[j] * input[t];
        for (int k = 0; k < hidden; k++) {
          a += wh[j][k] * h[t][k];
        }
        h[t + 1][j] = Math.tanh(a);
      }
      double y = by;
      for (int j = 0; j < hidden; j++) {
        y += wy[j] * h[t + 1][j];
      }
      if (t >= warmup) {
        double error = y - target[t];
        loss += error * error;
      }
    }
    return loss / (steps - warmup);
  }

  /**
   * The weights of a network, and (in the same shape) of its gradient.
   *
   * @param wx input weights, {@code [hidden]}
   * @param wh recurrent weights, {@code [hidden][hidden]}
   * @param bh hidden biases, {@code [hidden]}
   * @param wy output weights, {@code [hidden]}
   * @param by the output bias, in a one-element array: it is the {@code adj} array of the
   *     pullback, which adds the bias' derivative into {@code by[0]}
   */
  public record Network(double[] wx, double[][] wh, double[] bh, double[] wy, double[] by) {

    /**
     * Seeded small random weights: inputs and outputs with standard deviation 0.5 and {@code
     * 1/sqrt(hidden)}, the recurrent matrix with spectral radius about 0.5 so that the state
     * neither explodes nor vanishes at the start, biases zero.
     */
    public static Network random(int hidden, long seed) {
      Random random = new Random(seed);
      double[] wx = new double[hidden];
      double[][] wh = new double[hidden][hidden];
      double[] wy = new double[hidden];
      for (int j = 0; j < hidden; j++) {
        wx[j] = 0.5 * random.nextGaussian();
        wy[j] = random.nextGaussian() / Math.sqrt(hidden);
        for (int k = 0; k < hidden; k++) {
          wh[j][k] = 0.5 * random.nextGaussian() / Math.sqrt(hidden);
        }
      }
      return new Network(wx, wh, new double[hidden], wy, new double[1]);
    }

    /** A network of the same shape with all weights zero. */
    public Network zerosLike() {
      int hidden = bh.length;
      return new Network(
          new double[hidden], new double[hidden][hidden], new double[hidden],
          new double[hidden], new double[1]);
    }

    /** Sets every weight to zero. */
    public void clear() {
      for (double[] part : parts()) {
        Arrays.fill(part, 0);
      }
    }

    /** Every weight, in one flat array: wx, wh row by row, bh, wy, by. */
    public double[] flatten() {
      int hidden = bh.length;
      double[] out = new double[hidden * (hidden + 3) + 1];
      int at = 0;
      for (double[] part : parts()) {
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
      return out;
    }

    /** The inverse of {@link #flatten}: copies {@code flat} into these arrays. */
    public void assign(double[] flat) {
      int at = 0;
      for (double[] part : parts()) {
        System.arraycopy(flat, at, part, 0, part.length);
        at += part.length;
      }
    }

    private double[][] parts() {
      int hidden = bh.length;
      double[][] parts = new double[hidden + 4][];
      parts[0] = wx;
      System.arraycopy(wh, 0, parts, 1, hidden);
      parts[hidden + 1] = bh;
      parts[hidden + 2] = wy;
      parts[hidden + 3] = by;
      return parts;
    }

    /** {@link SineRnn#sequenceLoss} with these weights. */
    public double loss(double[] input, double[] target) {
      return sequenceLoss(wx, wh, bh, wy, by[0], input, target, WARMUP);
    }

    /** Mean of {@link #loss} over a set of sequences. */
    public double meanLoss(double[][] inputs, double[][] targets) {
      double total = 0;
      for (int s = 0; s < inputs.length; s++) {
        total += loss(inputs[s], targets[s]);
      }
      return total / inputs.length;
    }

    /**
     * Adds {@code seed} times the gradient of {@link #loss} into {@code gradient}, by the
     * generated pullback, and returns the loss.
     */
    public double accumulateGradient(
        double[] input, double[] target, double seed, Network gradient, Tape tape) {
      return SineRnn_Grad.sequenceLossPullback(
          wx, wh, bh, wy, by[0], input, target, WARMUP, seed, gradient.by, 0,
          gradient.wx, gradient.wh, gradient.bh, gradient.wy, tape);
    }
  }

  /**
   * Sequences of a noisy sine wave with random frequency and phase, and their one-step-ahead
   * targets.
   *
   * @param inputs {@code [sequences][steps]}: {@code sin(omega t + phase) + noise}
   * @param targets {@code [sequences][steps]}: {@code sin(omega (t + 1) + phase)}
   */
  public record Waves(double[][] inputs, double[][] targets) {

    /**
     * Draws {@code count} sequences; {@code omega} uniform in [0.15, 0.6] radians per step (10 to
     * 40 steps per period), phase uniform.
     */
    public static Waves random(int count, int steps, double noise, long seed) {
      Random random = new Random(seed);
      double[][] inputs = new double[count][steps];
      double[][] targets = new double[count][steps];
      for (int s = 0; s < count; s++) {
        double omega = 0.15 + 0.45 * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        for (int t = 0; t < steps; t++) {
          inputs[s][t] = Math.sin(omega * t + phase) + noise * random.nextGaussian();
          targets[s][t] = Math.sin(omega * (t + 1) + phase);
        }
      }
      return new Waves(inputs, targets);
    }

    /** The loss of the baseline that predicts no change, {@code y_t = u_t}, scored as the network. */
    public double persistenceLoss() {
      double total = 0;
      int count = 0;
      for (int s = 0; s < inputs.length; s++) {
        for (int t = WARMUP; t < inputs[s].length; t++) {
          double e = inputs[s][t] - targets[s][t];
          total += e * e;
          count++;
        }
      }
      return total / count;
    }
  }

  /**
   * How to train: the hyper-parameters of {@link #train}.
   *
   * @param hidden hidden units
   * @param epochs passes over the training sequences
   * @param batchSize sequences per step
   * @param rate step size of Adam
   * @param seed seeds the weights and the order of the sequences
   */
  public record Settings(int hidden, int epochs, int batchSize, double rate, long seed) {
    /** The settings of the sample. */
    public static Settings defaults() {
      return new Settings(HIDDEN, 200, 8, 0.01, 7L);
    }
  }

  /**
   * Trains a network on {@code waves} with Adam (Kingma and Ba, 2015) on mini-batches of
   * sequences: for each batch, every sequence's pullback adds its share of the gradient, then each
   * weight moves by the bias-corrected ratio of the running mean of its gradient to the running
   * root mean square.
   *
   * @param waves the training sequences
   * @param settings hyper-parameters
   * @param log where to print the mean loss every {@code logEvery} epochs, or {@code null}
   * @param logEvery how often to print
   * @return the trained network
   */
  public static Network train(Waves waves, Settings settings, PrintStream log, int logEvery) {
    return train(waves, settings, log, logEvery, null);
  }

  /**
   * Trains as {@link #train(Waves, Settings, PrintStream, int)}, and gives {@code losses} the mean
   * loss before the first epoch and after each (null for none): the loss curve.
   */
  public static Network train(
      Waves waves, Settings settings, PrintStream log, int logEvery, java.util.function.DoubleConsumer losses) {
    Network net = Network.random(settings.hidden(), settings.seed());
    Network grad = net.zerosLike();
    Tape tape = new Tape();
    Random random = new Random(settings.seed() + 1);
    double[] weights = net.flatten();
    double[] mean = new double[weights.length];
    double[] square = new double[weights.length];
    double beta1 = 0.9;
    double beta2 = 0.999;
    int step = 0;
    int count = waves.inputs().length;
    int[] order = new int[count];
    for (int s = 0; s < count; s++) {
      order[s] = s;
    }
    if (log != null) {
      log.printf(Locale.ROOT, "  epoch %4d   loss %.6f%n", 0,
          net.meanLoss(waves.inputs(), waves.targets()));
    }
    if (losses != null) {
      losses.accept(net.meanLoss(waves.inputs(), waves.targets()));
    }
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      for (int i = count - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int from = 0; from < count; from += settings.batchSize()) {
        int to = Math.min(count, from + settings.batchSize());
        grad.clear();
        for (int k = from; k < to; k++) {
          int s = order[k];
          net.accumulateGradient(
              waves.inputs()[s], waves.targets()[s], 1.0 / (to - from), grad, tape);
        }
        double[] g = grad.flatten();
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (int p = 0; p < weights.length; p++) {
          mean[p] = beta1 * mean[p] + (1 - beta1) * g[p];
          square[p] = beta2 * square[p] + (1 - beta2) * g[p] * g[p];
          weights[p] -= settings.rate() * (mean[p] / correction1)
              / (Math.sqrt(square[p] / correction2) + 1e-8);
        }
        net.assign(weights);
      }
      if (log != null && epoch % logEvery == 0) {
        log.printf(Locale.ROOT, "  epoch %4d   loss %.6f%n", epoch,
            net.meanLoss(waves.inputs(), waves.targets()));
      }
      if (losses != null) {
        losses.accept(net.meanLoss(waves.inputs(), waves.targets()));
      }
    }
    return net;
  }
}
