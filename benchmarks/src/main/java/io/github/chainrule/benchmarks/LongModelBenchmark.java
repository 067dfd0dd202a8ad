package io.github.chainrule.benchmarks;

import io.github.chainrule.Tape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 400-statement method ({@link LongModel}): its generated pullback is far beyond HotSpot's
 * 8,000-byte limit as one method, and is cut into parts that the JIT compiles. The ratio pullback /
 * primal should be that of the short benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LongModelBenchmark {
  public double x = 0.31;
  public double y = -0.47;
  final double[] p = {0.9, -0.4, 0.2};
  final double[] pAdj = new double[3];
  final double[] pDot = {0, 1, 0};
  final double[] g = new double[2];
  final Tape tape = new Tape();

  @Benchmark
  public double primal() {
    return LongModel.model(x, y, p);
  }

  @Benchmark
  public double pullback() {
    return LongModel_Grad.modelPullback(x, y, p, 1.0, g, 0, pAdj, tape);
  }

  @Benchmark
  public double tangent() {
    return LongModel_Grad.modelTangent(x, 1.0, y, 0.0, p, pDot);
  }
}
