package io.github.chainrule.benchmarks;

import io.github.chainrule.Tape;
import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The Black–Scholes call price and its five sensitivities. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BlackScholesBenchmark {
  public double spot = 100;
  public double strike = 105;
  public double vol = 0.2;
  public double rate = 0.03;
  public double time = 0.75;
  final double[] g = new double[5];
  final DSFactory factory = new DSFactory(5, 1);
  final Tape tape = new Tape();

  @Benchmark
  public double primal() {
    return Functions.blackScholes(spot, strike, vol, rate, time);
  }

  @Benchmark
  public Object gradientRecord() {
    return Functions_Grad.blackScholes(spot, strike, vol, rate, time);
  }

  @Benchmark
  public double pullback() {
    return Functions_Grad.blackScholesPullback(spot, strike, vol, rate, time, 1.0, g, 0, tape);
  }

  /** The pullback with N's derivative supplied by a custom derivative (the density). */
  @Benchmark
  public double customPullback() {
    return CustomNormal_Grad.blackScholesPullback(spot, strike, vol, rate, time, 1.0, g, 0, tape);
  }

  @Benchmark
  public double handWritten() {
    return HandWritten.blackScholes(spot, strike, vol, rate, time, g);
  }

  @Benchmark
  public Object derivativeStructure() {
    return ForwardMode.blackScholes(factory, spot, strike, vol, rate, time);
  }

  @Benchmark
  public double finiteDifferences() {
    double[] x = {spot, strike, vol, rate, time};
    double sum = 0;
    for (int i = 0; i < 5; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(x[i]));
      double saved = x[i];
      x[i] = saved + h;
      double up = Functions.blackScholes(x[0], x[1], x[2], x[3], x[4]);
      x[i] = saved - h;
      double down = Functions.blackScholes(x[0], x[1], x[2], x[3], x[4]);
      x[i] = saved;
      sum += (up - down) / (2 * h);
    }
    return sum;
  }
}
