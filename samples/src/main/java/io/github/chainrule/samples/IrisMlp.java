package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;
import io.github.chainrule.Tape;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A multilayer perceptron that learns to tell the three species of {@link Iris} apart, trained by
 * mini-batch gradient descent on gradients that Chainrule derives from the loss below.
 *
 * <p>The network has one hidden layer of {@code tanh} units and a softmax output:
 *
 * <pre>
 *   h = tanh(W1 x + b1)                 W1: hidden x 4,  b1: hidden
 *   z = W2 h + b2                       W2: 3 x hidden,  b2: 3
 *   p = softmax(z),   loss = -log p[label] = log(sum_k e^(z_k)) - z[label]
 * </pre>
 *
 * <p>{@link #sampleLoss} is that loss for one flower, written with loops over plain arrays; {@link
 * #meanLoss} averages it over a data set by calling it in a loop. Chainrule generates, in {@code
 * IrisMlp_Grad}, their pullbacks: {@code sampleLossPullback(w1, b1, w2, b2, x, label, seed, dW1,
 * dB1, dW2, dB2, tape)} returns the loss and <em>adds</em> {@code seed} times its gradient to the
 * four gradient arrays. A mini-batch step therefore zeroes the gradient arrays, calls the pullback
 * once per flower of the batch with {@code seed = 1 / batchSize}, and then moves every weight
 * against the summed gradient, {@code W = W - rate * dW}: no allocation per step, and no code
 * written for the backward pass.
 *
 * <p>The log-sum-exp is shifted by the largest logit, as every careful implementation does; the
 * shift cancels in the value and, as {@code max} is differentiated like any other operation, in
 * the gradient too.
 */
public final class IrisMlp {

  /** Default width of the hidden layer. */
  public static final int HIDDEN = 10;

  private IrisMlp() {}

  /**
   * Softmax cross-entropy of the network's output for one sample.
   *
   * @param w1 hidden-layer weights, {@code [hidden][inputs]}
   * @param b1 hidden-layer biases, {@code [hidden]}
   * @param w2 output-layer weights, {@code [classes][hidden]}
   * @param b2 output-layer biases, {@code [classes]}
   * @param x the sample's (standardised) features, {@code [inputs]}; a constant
   * @param label the sample's class, {@code 0 <= label < classes}
   * @return {@code -log softmax(z)[label]}, where {@code z} are the network's outputs
   */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double sampleLoss(
      double[][] w1, double[] b1, double[][] w2, double[] b2, double[] x, int label) {
    int hidden = b1.length;
    int classes = b2.length;
    double[] h = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double a = b1[j];
      for (int i = 0; i < x.length; i++) {
        a += w1[j][i] * x[i];
      }
      h[j] = Math.tanh(a);
    }
    double[] z = new double[classes];
    double largest = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      double a = b2[k];
      for (int j = 0; j < hidden; j++) {
        a += w2[k][j] * h[j];
      }
      z[k] = a;
      largest = Math.max(largest, a);
    }
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(z[k] - largest);
    }
    return Math.log(sum) + largest - z[label];
  }

  /**
   * The mean of {@link #sampleLoss} over a data set.
   *
   * @param w1 hidden-layer weights, {@code [hidden][inputs]}
   * @param b1 hidden-layer biases, {@code [hidden]}
   * @param w2 output-layer weights, {@code [classes][hidden]}
   * @param b2 output-layer biases, {@code [classes]}
   * @param xs the samples, {@code [samples][inputs]}; a constant
   * @param labels the class of each sample
   * @return the mean cross-entropy
   */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double meanLoss(
      double[][] w1, double[] b1, double[][] w2, double[] b2, double[][] xs, int[] labels) {
    double total = 0;
    for (int n = 0; n < xs.length; n++) {
      total += sampleLoss(w1, b1, w2, b2, xs[n], labels[n]);
    }
    return total / xs.length;
  }

  /**
   * The weights of a network: the four arrays the differentiable methods take.
   *
   * @param w1 hidden-layer weights, {@code [hidden][inputs]}
   * @param b1 hidden-layer biases, {@code [hidden]}
   * @param w2 output-layer weights, {@code [classes][hidden]}
   * @param b2 output-layer biases, {@code [classes]}
   */
  public record Network(double[][] w1, double[] b1, double[][] w2, double[] b2) {

    /**
     * Weights drawn from a seeded normal distribution scaled by {@code 1/sqrt(fan-in)} (so that
     * the pre-activations start with variance about 1), biases zero.
     *
     * @param inputs number of inputs
     * @param hidden number of hidden units
     * @param classes number of outputs
     * @param seed seed of the random generator: the same seed gives the same network
     * @return a new network
     */
    public static Network random(int inputs, int hidden, int classes, long seed) {
      Random random = new Random(seed);
      double[][] w1 = new double[hidden][inputs];
      for (double[] row : w1) {
        for (int i = 0; i < inputs; i++) {
          row[i] = random.nextGaussian() / Math.sqrt(inputs);
        }
      }
      double[][] w2 = new double[classes][hidden];
      for (double[] row : w2) {
        for (int j = 0; j < hidden; j++) {
          row[j] = random.nextGaussian() / Math.sqrt(hidden);
        }
      }
      return new Network(w1, new double[hidden], w2, new double[classes]);
    }

    /** A network of the same shape with all weights zero: the shape of a gradient. */
    public Network zerosLike() {
      return new Network(
          new double[w1.length][w1[0].length], new double[b1.length],
          new double[w2.length][w2[0].length], new double[b2.length]);
    }

    /** Sets every weight to zero. */
    public void clear() {
      for (double[] row : w1) {
        Arrays.fill(row, 0);
      }
      Arrays.fill(b1, 0);
      for (double[] row : w2) {
        Arrays.fill(row, 0);
      }
      Arrays.fill(b2, 0);
    }

    /** {@code this = this - rate * gradient}, weight by weight. */
    public void descend(double rate, Network gradient) {
      for (int j = 0; j < w1.length; j++) {
        for (int i = 0; i < w1[j].length; i++) {
          w1[j][i] -= rate * gradient.w1[j][i];
        }
        b1[j] -= rate * gradient.b1[j];
      }
      for (int k = 0; k < w2.length; k++) {
        for (int j = 0; j < w2[k].length; j++) {
          w2[k][j] -= rate * gradient.w2[k][j];
        }
        b2[k] -= rate * gradient.b2[k];
      }
    }

    /** The loss of {@link IrisMlp#meanLoss} for these weights. */
    public double meanLoss(double[][] xs, int[] labels) {
      return IrisMlp.meanLoss(w1, b1, w2, b2, xs, labels);
    }

    /**
     * The class of largest output.
     *
     * @param x the features of one sample
     * @return the predicted class
     */
    public int predict(double[] x) {
      double[] h = new double[b1.length];
      for (int j = 0; j < b1.length; j++) {
        double u = b1[j];
        for (int i = 0; i < x.length; i++) {
          u += w1[j][i] * x[i];
        }
        h[j] = Math.tanh(u);
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < b2.length; k++) {
        double a = b2[k];
        for (int j = 0; j < b1.length; j++) {
          a += w2[k][j] * h[j];
        }
        if (a > bestScore) {
          bestScore = a;
          best = k;
        }
      }
      return best;
    }

    /** The fraction of samples whose class {@link #predict} gets right. */
    public double accuracy(double[][] xs, int[] labels) {
      int right = 0;
      for (int n = 0; n < xs.length; n++) {
        if (predict(xs[n]) == labels[n]) {
          right++;
        }
      }
      return (double) right / xs.length;
    }

    /** {@code counts[actual][predicted]} over the samples. */
    public int[][] confusion(double[][] xs, int[] labels, int classes) {
      int[][] counts = new int[classes][classes];
      for (int n = 0; n < xs.length; n++) {
        counts[labels[n]][predict(xs[n])]++;
      }
      return counts;
    }
  }

  /**
   * How to train: the hyper-parameters of {@link #train}.
   *
   * @param hidden hidden units
   * @param epochs passes over the data
   * @param batchSize samples per gradient step
   * @param rate learning rate of {@code W = W - rate * dW}
   * @param seed seeds both the initial weights and the shuffling of each epoch
   */
  public record Settings(int hidden, int epochs, int batchSize, double rate, long seed) {
    /** The settings of the sample: 10 hidden units, 150 epochs of batches of 10, rate 0.1. */
    public static Settings defaults() {
      return new Settings(HIDDEN, 150, 10, 0.1, 20240601L);
    }
  }

  /**
   * Trains a new network by mini-batch gradient descent.
   *
   * <p>Each epoch shuffles the samples (with the seeded generator) and cuts them into batches; for
   * each batch the gradient arrays are zeroed, every sample's pullback adds {@code 1/batchSize}
   * times its gradient into them, and the weights take one step down.
   *
   * @param xs standardised features, {@code [samples][inputs]}
   * @param labels classes, {@code 0 <= label < classes}
   * @param classes number of classes
   * @param settings hyper-parameters
   * @param log where to print the loss and accuracy every {@code logEvery} epochs, or {@code null}
   * @param logEvery how often to print
   * @return the trained network
   */
  public static Network train(
      double[][] xs, int[] labels, int classes, Settings settings, PrintStream log, int logEvery) {
    return train(xs, labels, classes, settings, log, logEvery, null);
  }

  /**
   * Trains as {@link #train(double[][], int[], int, Settings, PrintStream, int)}, and gives {@code
   * losses} the mean loss before the first epoch and after each (null for none): the loss curve.
   */
  public static Network train(
      double[][] xs,
      int[] labels,
      int classes,
      Settings settings,
      PrintStream log,
      int logEvery,
      java.util.function.DoubleConsumer losses) {
    Network net = Network.random(xs[0].length, settings.hidden(), classes, settings.seed());
    Network grad = net.zerosLike();
    Random shuffle = new Random(settings.seed() + 1);
    Tape tape = new Tape();
    int[] order = new int[xs.length];
    for (int n = 0; n < order.length; n++) {
      order[n] = n;
    }
    if (log != null) {
      logEpoch(log, 0, net, xs, labels);
    }
    if (losses != null) {
      losses.accept(net.meanLoss(xs, labels));
    }
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      shuffle(order, shuffle);
      for (int from = 0; from < order.length; from += settings.batchSize()) {
        int to = Math.min(order.length, from + settings.batchSize());
        double seed = 1.0 / (to - from);
        grad.clear();
        for (int k = from; k < to; k++) {
          int n = order[k];
          IrisMlp_Grad.sampleLossPullback(
              net.w1(), net.b1(), net.w2(), net.b2(), xs[n], labels[n],
              seed, grad.w1(), grad.b1(), grad.w2(), grad.b2(), tape);
        }
        net.descend(settings.rate(), grad);
      }
      if (log != null && epoch % logEvery == 0) {
        logEpoch(log, epoch, net, xs, labels);
      }
      if (losses != null) {
        losses.accept(net.meanLoss(xs, labels));
      }
    }
    return net;
  }

  private static void logEpoch(PrintStream log, int epoch, Network net, double[][] xs, int[] ys) {
    log.printf(
        Locale.ROOT, "  epoch %4d   loss %.5f   training accuracy %6.2f%%%n",
        epoch, net.meanLoss(xs, ys), 100 * net.accuracy(xs, ys));
  }

  /** Fisher–Yates. */
  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
