package io.github.chainrule.benchmarks;

import io.github.chainrule.Differentiable;

/** The functions the benchmarks differentiate, written as a user would. */
public final class Functions {
  private Functions() {}

  /** Rosenbrock's function in n dimensions. */
  @Differentiable
  public static double rosenbrock(double[] x) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      s += 100 * a * a + b * b;
    }
    return s;
  }

  /**
   * Mean softmax cross-entropy of a one-hidden-layer tanh perceptron over a mini-batch: {@code
   * xs[n][in]}, labels in {@code 0..out-1}; weights {@code w1[hidden][in]}, {@code b1[hidden]},
   * {@code w2[out][hidden]}, {@code b2[out]}.
   */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double mlpLoss(double[][] w1, double[] b1, double[][] w2, double[] b2, double[][] xs, int[] labels) {
    int hidden = b1.length;
    int out = b2.length;
    double[] h = new double[hidden];
    double[] z = new double[out];
    double loss = 0;
    for (int n = 0; n < xs.length; n++) {
      double[] x = xs[n];
      for (int j = 0; j < hidden; j++) {
        double a = b1[j];
        double[] row = w1[j];
        for (int i = 0; i < x.length; i++) {
          a += row[i] * x[i];
        }
        h[j] = Math.tanh(a);
      }
      double max = -1e300;
      for (int k = 0; k < out; k++) {
        double a = b2[k];
        double[] row = w2[k];
        for (int j = 0; j < hidden; j++) {
          a += row[j] * h[j];
        }
        z[k] = a;
        max = Math.max(max, a);
      }
      double sum = 0;
      for (int k = 0; k < out; k++) {
        sum += Math.exp(z[k] - max);
      }
      loss += Math.log(sum) + max - z[labels[n]];
    }
    return loss / xs.length;
  }

  /** The standard normal CDF, by Abramowitz and Stegun 26.2.17 (error below 7.5e-8). */
  @Differentiable
  public static double normCdf(double x) {
    double t = 1 / (1 + 0.2316419 * Math.abs(x));
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    double tail = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }

  /** The Black–Scholes price of a European call. */
  @Differentiable
  public static double blackScholes(double spot, double strike, double vol, double rate, double time) {
    double sqrtT = Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    return spot * normCdf(d1) - strike * Math.exp(-rate * time) * normCdf(d2);
  }
}
