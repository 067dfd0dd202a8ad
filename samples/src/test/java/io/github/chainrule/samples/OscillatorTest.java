package io.github.chainrule.samples;

import static io.github.chainrule.samples.Checks.assertClose;
import static io.github.chainrule.samples.Checks.central;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RK4 integrator of the damped oscillator and its derivatives: against the exact solution and
 * its hand-derived sensitivities, against central differences of the integrator itself, forward
 * against reverse mode, and a least-squares fit of the parameters.
 */
class OscillatorTest {

  /** Over 10 time units, 2,000 RK4 steps (h = 0.005) leave errors of order h^4 = 6e-10. */
  private static final double TIME = 10;
  private static final int STEPS = 2000;
  private static final double RK4 = 1e-8;

  private static double[] p(double x0, double v0, double omega, double zeta) {
    return new double[] {x0, v0, omega, zeta};
  }

  @ParameterizedTest(name = "x0={0} v0={1} omega={2} zeta={3}")
  @CsvSource({
    "1.0,  0.0, 2.0, 0.1",
    "0.5, -1.0, 1.3, 0.05",
    "-2.0, 0.7, 3.0, 0.3",
    "0.0,  1.0, 1.0, 0.0",
  })
  void integratorAndItsDerivativesMatchTheExactSolution(
      double x0, double v0, double omega, double zeta) {
    Oscillator_Grad.PositionGradient rk4 =
        Oscillator_Grad.position(x0, v0, omega, zeta, TIME, STEPS);
    Oscillator_Grad.ExactPositionGradient exact =
        Oscillator_Grad.exactPosition(x0, v0, omega, zeta, TIME);
    assertEquals(exact.value(), rk4.value(), RK4);

    // By hand, from x(t) = e^(-zeta omega t) (x0 cos(wd t) + (v0 + zeta omega x0) / wd sin(wd t)).
    double wd = omega * Math.sqrt(1 - zeta * zeta);
    double envelope = Math.exp(-zeta * omega * TIME);
    double c = Math.cos(wd * TIME);
    double s = Math.sin(wd * TIME);
    double dX0 = envelope * (c + zeta * omega / wd * s);
    double dV0 = envelope * s / wd;
    assertEquals(dX0, exact.dX0(), 1e-14);
    assertEquals(dV0, exact.dV0(), 1e-14);
    assertEquals(dX0, rk4.dX0(), RK4, "dx/dx0");
    assertEquals(dV0, rk4.dV0(), RK4, "dx/dv0");

    // With respect to the parameters: the derivatives of the closed form, by Chainrule and by
    // central differences of the closed form.
    DoubleSupplier closedForm;
    double[] q = p(x0, v0, omega, zeta);
    closedForm = () -> Oscillator.exactPosition(q[0], q[1], q[2], q[3], TIME);
    assertClose(central(closedForm, q, 2, 1e-6), exact.dOmega(), 1e-8, 1e-9, "exact dx/domega");
    assertClose(central(closedForm, q, 3, 1e-6), exact.dZeta(), 1e-8, 1e-9, "exact dx/dzeta");
    assertEquals(exact.dOmega(), rk4.dOmega(), 10 * RK4, "dx/domega");
    assertEquals(exact.dZeta(), rk4.dZeta(), 10 * RK4, "dx/dzeta");

    // With respect to the end time: the velocity x'(T) = e^(-zeta omega T) (v0 cos(wd T)
    // - (x0 wd + zeta omega (v0 + zeta omega x0) / wd) sin(wd T)).
    double velocity = envelope * (v0 * c - (x0 * wd + zeta * omega
        * (v0 + zeta * omega * x0) / wd) * s);
    assertEquals(velocity, exact.dTime(), 1e-13);
    assertEquals(velocity, rk4.dTime(), RK4, "dx/dT");
  }

  /**
   * The derivatives of the numerical solution itself, whatever the step: every parameter's
   * derivative by the pullback against a central difference of {@link Oscillator#position}.
   */
  @Test
  void gradientMatchesCentralDifferencesOfTheIntegrator() {
    double[] q = {0.8, -0.4, 2.5, 0.15, 3.0};
    int steps = 37;
    DoubleSupplier rk4 = () -> Oscillator.position(q[0], q[1], q[2], q[3], q[4], steps);
    double[] adj = new double[5];
    double value = Oscillator_Grad.positionPullback(q[0], q[1], q[2], q[3], q[4], steps, 1, adj, 0);
    assertEquals(rk4.getAsDouble(), value, 0.0);
    String[] names = {"x0", "v0", "omega", "zeta", "time"};
    for (int i = 0; i < 5; i++) {
      assertClose(central(rk4, q, i, 1e-6), adj[i], 1e-8, 1e-9, "dx/d" + names[i]);
    }
  }

  /**
   * The system is linear in its initial state, and so is each RK4 step: {@code x(T) = dx/dx0 x0 +
   * dx/dv0 v0} holds for the numerical solution to rounding error.
   */
  @Test
  void theNumericalSolutionIsLinearInTheInitialState() {
    Oscillator_Grad.PositionGradient g = Oscillator_Grad.position(1.5, -0.5, 2.0, 0.2, 7.0, 700);
    assertEquals(g.value(), 1.5 * g.dX0() - 0.5 * g.dV0(), 1e-14);
  }

  @Test
  void tangentAndPullbackAreTransposes() {
    Random random = new Random(99);
    for (int trial = 0; trial < 20; trial++) {
      double x0 = random.nextGaussian();
      double v0 = random.nextGaussian();
      double omega = 0.5 + 2 * random.nextDouble();
      double zeta = 0.5 * random.nextDouble();
      double time = 1 + 5 * random.nextDouble();
      int steps = 10 + random.nextInt(200);
      double[] v = Checks.gaussian(random, 5);
      double seed = random.nextGaussian();
      double tangent = Oscillator_Grad.positionTangent(
          x0, v[0], v0, v[1], omega, v[2], zeta, v[3], time, v[4], steps);
      double[] adj = new double[6];
      Oscillator_Grad.positionPullback(x0, v0, omega, zeta, time, steps, seed, adj, 1);
      double[] back = java.util.Arrays.copyOfRange(adj, 1, 6);
      assertEquals(0.0, adj[0], 0.0, "the pullback writes only from slot 'at' on");
      assertEquals(tangent * seed, Checks.dot(v, back), 1e-12 * Checks.absDot(v, back) + 1e-300,
          "position, trial " + trial);

      double[] recorded = Oscillator.record(x0, v0, omega, zeta, 0.1, 30, 0.01, trial);
      double misfitTangent = Oscillator_Grad.misfitTangent(
          omega, v[2], zeta, v[3], x0, v0, 0.01, 10, recorded);
      double[] misfitAdj = new double[2];
      Oscillator_Grad.misfitPullback(omega, zeta, x0, v0, 0.01, 10, recorded, seed, misfitAdj, 0);
      double[] dir = {v[2], v[3]};
      assertEquals(misfitTangent * seed, Checks.dot(dir, misfitAdj),
          1e-12 * Checks.absDot(dir, misfitAdj) + 1e-300, "misfit, trial " + trial);
    }
  }

  @Test
  void misfitGradientMatchesCentralDifferences() {
    double[] recorded = Oscillator.record(1, 0, 2, 0.1, 0.2, 41, 0.02, 3);
    double[] q = {1.8, 0.25};
    DoubleSupplier misfit = () -> Oscillator.misfit(q[0], q[1], 1, 0, 0.02, 10, recorded);
    Oscillator_Grad.MisfitGradient g = Oscillator_Grad.misfit(q[0], q[1], 1, 0, 0.02, 10, recorded);
    assertClose(central(misfit, q, 0, 1e-6), g.dOmega(), 1e-7, 1e-8, "d misfit/d omega");
    assertClose(central(misfit, q, 1, 1e-6), g.dZeta(), 1e-7, 1e-8, "d misfit/d zeta");
  }

  /** From a rough first guess, the fit finds the frequency and damping of a noisy recording. */
  @Test
  void fitRecoversTheParameters() {
    double[] recorded = Oscillator.record(1, 0, 2, 0.1, 0.2, 41, 0.02, 3);
    GradientDescent.Result fit = Oscillator.fit(1.7, 0.3, 1, 0, 0.02, 10, recorded);
    assertTrue(fit.converged(), "not converged: " + fit);
    assertEquals(2.0, fit.point()[0], 0.01, "omega");
    assertEquals(0.1, fit.point()[1], 0.01, "zeta");
  }
}
