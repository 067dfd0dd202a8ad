package io.github.chainrule.gradbench;

/**
 * Untimed runs before the timed ones, so that HotSpot has compiled the evaluated method (and
 * the generated derivative code it calls) before anything is measured.
 *
 * <p>The first {@code evaluate} of a module's function at an input shape (array lengths and
 * integer sizes: see {@link GradBenchTool#shape}) runs the function untimed until both
 * {@link #seconds()} have passed and, whichever comes first, {@link #maxRuns()} runs were made
 * (always at least one). C2, HotSpot's optimising compiler, compiles a method after about 10⁴
 * calls or loop iterations (on-stack replacement for a long loop), so a small function is warmed
 * by the run count and a large one, whose single run already iterates its loops thousands of
 * times, by the time budget. Later evaluations of the same function and shape are not warmed
 * again. Defaults: 1 s and 20 000 runs; {@code -Dchainrule.gradbench.warmupSeconds} and
 * {@code -Dchainrule.gradbench.warmupMaxRuns} change them ({@code 0} turns warm-up off).
 */
public record WarmUp(double seconds, int maxRuns) {

  /** The default, changed by the system properties named above. */
  public static WarmUp fromSystemProperties() {
    return new WarmUp(
        Double.parseDouble(System.getProperty("chainrule.gradbench.warmupSeconds", "1")),
        Integer.parseInt(System.getProperty("chainrule.gradbench.warmupMaxRuns", "20000")));
  }

  /** Runs {@code run} untimed as described above; returns the nanoseconds spent. */
  long run(EvalModule.Run run) {
    if (maxRuns <= 0 || seconds <= 0) {
      return 0;
    }
    long start = System.nanoTime();
    long budget = (long) Math.min(Long.MAX_VALUE, seconds * 1e9);
    int runs = 0;
    Object sink = null;
    do {
      sink = run.run();
      runs++;
    } while (runs < maxRuns && System.nanoTime() - start < budget);
    if (sink == null) {
      throw new IllegalStateException("no output");
    }
    return System.nanoTime() - start;
  }
}
