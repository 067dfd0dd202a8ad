package io.github.chainrule.benchmarks;

/** Gradients written by hand, the way one writes an adjoint without a tool: the reference speed. */
public final class HandWritten {
  private HandWritten() {}

  /** Rosenbrock's value; adds its gradient to {@code g}. */
  public static double rosenbrock(double[] x, double[] g) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      s += 100 * a * a + b * b;
      g[i] += -400 * a * x[i] - 2 * b;
      g[i + 1] += 200 * a;
    }
    return s;
  }

  /** The MLP loss; adds its gradient with respect to the weights to the {@code d*} arrays. */
  public static double mlpLoss(
      double[][] w1, double[] b1, double[][] w2, double[] b2, double[][] xs, int[] labels,
      double[][] dw1, double[] db1, double[][] dw2, double[] db2, double[] h, double[] z, double[] dz, double[] dh) {
    int hidden = b1.length;
    int out = b2.length;
    double loss = 0;
    double scale = 1.0 / xs.length;
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
        dz[k] = Math.exp(z[k] - max);
        sum += dz[k];
      }
      loss += Math.log(sum) + max - z[labels[n]];
      // Backward: softmax minus one-hot, then the two layers.
      for (int k = 0; k < out; k++) {
        dz[k] = scale * (dz[k] / sum - (k == labels[n] ? 1 : 0));
      }
      for (int j = 0; j < hidden; j++) {
        dh[j] = 0;
      }
      for (int k = 0; k < out; k++) {
        db2[k] += dz[k];
        double[] row = w2[k];
        double[] drow = dw2[k];
        for (int j = 0; j < hidden; j++) {
          drow[j] += dz[k] * h[j];
          dh[j] += dz[k] * row[j];
        }
      }
      for (int j = 0; j < hidden; j++) {
        double da = dh[j] * (1 - h[j] * h[j]);
        db1[j] += da;
        double[] drow = dw1[j];
        for (int i = 0; i < x.length; i++) {
          drow[i] += da * x[i];
        }
      }
    }
    return loss * scale;
  }

  /** Black–Scholes price; writes delta, dStrike, vega, rho and dTime (closed-form Greeks) to {@code g}. */
  public static double blackScholes(double spot, double strike, double vol, double rate, double time, double[] g) {
    double sqrtT = Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double nd1 = Functions.normCdf(d1);
    double nd2 = Functions.normCdf(d2);
    double pdf1 = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
    double discount = Math.exp(-rate * time);
    g[0] += nd1;
    g[1] += -discount * nd2;
    g[2] += spot * pdf1 * sqrtT;
    g[3] += strike * time * discount * nd2;
    g[4] += spot * pdf1 * vol / (2 * sqrtT) + rate * strike * discount * nd2;
    return spot * nd1 - strike * discount * nd2;
  }
}
