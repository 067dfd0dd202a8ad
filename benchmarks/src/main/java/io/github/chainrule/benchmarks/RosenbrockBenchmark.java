package io.github.chainrule.benchmarks;

import io.github.chainrule.Tape;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Rosenbrock in n dimensions: the primal and every way to get its gradient. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RosenbrockBenchmark {
  @Param({"10", "1000", "100000"})
  public int n;

  double[] x;
  double[] g;
  Tape tape;

  @Setup
  public void setup() {
    Random r = new Random(42);
    x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() * 2 - 1;
    }
    g = new double[n];
    tape = new Tape();
  }

  @Benchmark
  public double primal() {
    return Functions.rosenbrock(x);
  }

  @Benchmark
  public Object gradientRecord() {
    return Functions_Grad.rosenbrock(x);
  }

  @Benchmark
  public double pullback() {
    Arrays.fill(g, 0);
    return Functions_Grad.rosenbrockPullback(x, 1.0, g, tape);
  }

  @Benchmark
  public double handWritten() {
    Arrays.fill(g, 0);
    return HandWritten.rosenbrock(x, g);
  }
}
