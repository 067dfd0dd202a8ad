package io.github.chainrule.benchmarks;

import io.github.chainrule.Tape;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The loss of a 4-16-3 tanh perceptron over a mini-batch of 32 samples, and its gradient. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MlpBenchmark {
  static final int IN = 4;
  static final int HIDDEN = 16;
  static final int OUT = 3;
  static final int BATCH = 32;

  double[][] w1 = new double[HIDDEN][IN];
  double[] b1 = new double[HIDDEN];
  double[][] w2 = new double[OUT][HIDDEN];
  double[] b2 = new double[OUT];
  double[][] xs = new double[BATCH][IN];
  int[] labels = new int[BATCH];
  double[][] dw1 = new double[HIDDEN][IN];
  double[] db1 = new double[HIDDEN];
  double[][] dw2 = new double[OUT][HIDDEN];
  double[] db2 = new double[OUT];
  double[] h = new double[HIDDEN];
  double[] z = new double[OUT];
  double[] dz = new double[OUT];
  double[] dh = new double[HIDDEN];
  Tape tape = new Tape();

  @Setup
  public void setup() {
    Random r = new Random(7);
    for (double[] row : w1) {
      for (int i = 0; i < IN; i++) {
        row[i] = r.nextGaussian() * 0.5;
      }
    }
    for (double[] row : w2) {
      for (int j = 0; j < HIDDEN; j++) {
        row[j] = r.nextGaussian() * 0.25;
      }
    }
    for (int n = 0; n < BATCH; n++) {
      for (int i = 0; i < IN; i++) {
        xs[n][i] = r.nextGaussian();
      }
      labels[n] = r.nextInt(OUT);
    }
  }

  @Benchmark
  public double primal() {
    return Functions.mlpLoss(w1, b1, w2, b2, xs, labels);
  }

  @Benchmark
  public double pullback() {
    return Functions_Grad.mlpLossPullback(w1, b1, w2, b2, xs, labels, 1.0, dw1, db1, dw2, db2, tape);
  }

  @Benchmark
  public double handWritten() {
    return HandWritten.mlpLoss(w1, b1, w2, b2, xs, labels, dw1, db1, dw2, db2, h, z, dz, dh);
  }
}
