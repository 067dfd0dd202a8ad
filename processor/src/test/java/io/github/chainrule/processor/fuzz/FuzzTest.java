package io.github.chainrule.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The differential fuzzer's CI budget: a fixed seed and a few hundred generated programs, each
 * checked against the Hipparchus reference at a few points (see {@link Fuzzer}; about 10 s on two
 * cores). Larger runs by hand:
 *
 * <pre>
 * mvn -B -o test -pl processor -Dtest=FuzzTest -Dchainrule.fuzz.programs=10000 -Dchainrule.fuzz.seed=7
 * </pre>
 *
 * <p>Every failure prints its seed and batch, the source of the method and the methods it calls,
 * and (for the first few of each kind) a minimised program with a ready-made case for {@link
 * FuzzRegressionTest}. {@code -Dchainrule.fuzz.seed=S -Dchainrule.fuzz.batch=B} (with the same
 * {@code programs} and {@code perClass}) runs only the batch of a failure again.
 *
 * <p>Properties, all {@code chainrule.fuzz.*}:
 *
 * <ul>
 *   <li>{@code seed}, {@code programs}: what to run ({@value #CI_SEED}, {@value #CI_PROGRAMS});
 *   <li>{@code perClass}: {@code @Differentiable} methods per compiled batch (30);
 *   <li>{@code points}: checked points per method (3);
 *   <li>{@code batch}: run only this batch;
 *   <li>{@code shrink}: how many failures to minimise (3, one per kind), {@code shrinkCompiles}
 *       the compilations each may take (60);
 *   <li>{@code weights}: the grammar, e.g. {@code stmt.loop=0,fn.pow=10} (see {@link Weights});
 *   <li>{@code kinkEps} (1e-9), {@code maxValue} (1e10): points near a kink or with large values
 *       are skipped; {@code skipSingular} (true) also skips points where sqrt, log, ... meet
 *       the point where their derivative is infinite: there an infinite adjoint times a partial
 *       that is 0 only at run time gives NaN, as in every AD tool (README, "Derivatives at kinks");
 *       constant zero partials and those of max, min, abs ... give 0, which {@link
 *       FuzzRegressionTest} checks;
 *   <li>{@code timeout}: seconds a call of generated code may take (10);
 *   <li>{@code failOnWarnings}: javac warnings about generated code are failures (true).
 * </ul>
 */
class FuzzTest {
  static final long CI_SEED = 20240601L;
  static final int CI_PROGRAMS = 500;

  @Test
  void generatedDerivativesMatchTheReference() {
    Fuzzer.Options o = Fuzzer.Options.fromSystemProperties(CI_SEED, CI_PROGRAMS);
    Fuzzer.Stats s = new Fuzzer(o).run();
    assertTrue(s.failures.isEmpty(), () -> s.summary() + "\n" + Fuzzer.describe(s.failures, 5));
    assertTrue(s.points > 0, s::summary);
  }
}
