package io.github.chainrule.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.DSFactory;
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

/**
 * Rosenbrock's gradient by run-time forward mode (Hipparchus) and central finite differences.
 * Both cost O(n) evaluations of the function (or O(n)-wide values per operation), so n = 100,000
 * is left out: it would take minutes per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RosenbrockReferenceBenchmark {
  @Param({"10", "1000"})
  public int n;

  double[] x;
  DSFactory factory;

  @Setup
  public void setup() {
    Random r = new Random(42);
    x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() * 2 - 1;
    }
    factory = new DSFactory(n, 1);
  }

  @Benchmark
  public double[] derivativeStructure() {
    return ForwardMode.rosenbrock(factory, x);
  }

  @Benchmark
  public double[] finiteDifferences() {
    double[] g = new double[n];
    double[] y = x.clone();
    for (int i = 0; i < n; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(x[i]));
      y[i] = x[i] + h;
      double up = Functions.rosenbrock(y);
      y[i] = x[i] - h;
      double down = Functions.rosenbrock(y);
      y[i] = x[i];
      g[i] = (up - down) / (2 * h);
    }
    return g;
  }
}
