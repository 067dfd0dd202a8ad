package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;
import java.util.Random;

/**
 * A damped harmonic oscillator integrated by the classical fourth-order Runge–Kutta method, and
 * the sensitivities of where it ends up to where it started and to its parameters, by
 * differentiating the integrator.
 *
 * <p>The equation of motion, for natural frequency {@code omega} and damping ratio {@code zeta},
 *
 * <pre>
 *   x'' + 2 zeta omega x' + omega^2 x = 0,      x(0) = x0,  x'(0) = v0
 * </pre>
 *
 * is written as the first-order system {@code (x, v)' = (v, -omega^2 x - 2 zeta omega v)} and
 * integrated with {@code steps} RK4 steps of length {@code h = time / steps}. {@link #position}
 * returns {@code x(time)}; Chainrule differentiates the whole loop of steps, so {@code
 * Oscillator_Grad.position} gives {@code dx(T)/dx0}, {@code dx(T)/dv0}, {@code dx(T)/domega},
 * {@code dx(T)/dzeta} and {@code dx(T)/dT} in one reverse sweep ("discretise, then differentiate":
 * the exact derivatives of the numerical solution, which converge to those of the true solution
 * at the integrator's order).
 *
 * <p>For {@code zeta < 1} the exact solution is known,
 *
 * <pre>
 *   x(t) = e^(-zeta omega t) (x0 cos(wd t) + (v0 + zeta omega x0) / wd  sin(wd t)),
 *   wd   = omega sqrt(1 - zeta^2)
 * </pre>
 *
 * so that, for instance,
 *
 * <pre>
 *   dx/dx0 = e^(-zeta omega t) (cos(wd t) + zeta omega / wd  sin(wd t))
 *   dx/dv0 = e^(-zeta omega t) sin(wd t) / wd
 * </pre>
 *
 * <p>{@link #exactPosition} is that closed form; its own derivatives by Chainrule are the exact
 * sensitivities with respect to the parameters, to compare with those of the integrator.
 *
 * <p>{@link #misfit} is the real use of such sensitivities: the squared distance between the
 * simulated trajectory and a recording, whose gradient with respect to {@code omega} and {@code
 * zeta} fits the model to the data.
 */
public final class Oscillator {

  private Oscillator() {}

  /**
   * The position at {@code time}, by {@code steps} RK4 steps.
   *
   * @param x0 initial position
   * @param v0 initial velocity
   * @param omega natural (undamped) angular frequency, {@code > 0}
   * @param zeta damping ratio, {@code >= 0}
   * @param time the end of the integration, {@code > 0}
   * @param steps number of RK4 steps, {@code > 0}
   * @return the numerical {@code x(time)}
   */
  @Differentiable
  public static double position(
      double x0, double v0, double omega, double zeta, double time, int steps) {
    double h = time / steps;
    double stiffness = omega * omega;
    double friction = 2 * zeta * omega;
    double x = x0;
    double v = v0;
    for (int n = 0; n < steps; n++) {
      double k1x = v;
      double k1v = -stiffness * x - friction * v;
      double x2 = x + 0.5 * h * k1x;
      double v2 = v + 0.5 * h * k1v;
      double k2x = v2;
      double k2v = -stiffness * x2 - friction * v2;
      double x3 = x + 0.5 * h * k2x;
      double v3 = v + 0.5 * h * k2v;
      double k3x = v3;
      double k3v = -stiffness * x3 - friction * v3;
      double x4 = x + h * k3x;
      double v4 = v + h * k3v;
      double k4x = v4;
      double k4v = -stiffness * x4 - friction * v4;
      x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
      v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
    }
    return x;
  }

  /**
   * The exact position at {@code time} of an underdamped oscillator, {@code 0 <= zeta < 1}.
   *
   * @param x0 initial position
   * @param v0 initial velocity
   * @param omega natural angular frequency, {@code > 0}
   * @param zeta damping ratio, in {@code [0, 1)}
   * @param time the time, {@code >= 0}
   * @return {@code x(time)}
   */
  @Differentiable
  public static double exactPosition(
      double x0, double v0, double omega, double zeta, double time) {
    double decay = zeta * omega;
    double wd = omega * Math.sqrt(1 - zeta * zeta);
    double envelope = Math.exp(-decay * time);
    return envelope * (x0 * Math.cos(wd * time) + (v0 + decay * x0) / wd * Math.sin(wd * time));
  }

  /**
   * The sum of squared differences between a simulated trajectory and a recording of the
   * position, sampled every {@code stepsPerSample} RK4 steps of length {@code h} (the first sample
   * at time 0).
   *
   * @param omega natural angular frequency of the model
   * @param zeta damping ratio of the model
   * @param x0 initial position; a constant here
   * @param v0 initial velocity; a constant here
   * @param h the RK4 step
   * @param stepsPerSample RK4 steps between two samples of the recording
   * @param recorded the recorded positions at times {@code 0, stepsPerSample h, 2 stepsPerSample
   *     h, ...}
   * @return {@code sum_k (x(k stepsPerSample h) - recorded[k])^2}
   */
  @Differentiable(wrt = {"omega", "zeta"})
  public static double misfit(
      double omega, double zeta, double x0, double v0, double h, int stepsPerSample,
      double[] recorded) {
    double stiffness = omega * omega;
    double friction = 2 * zeta * omega;
    double x = x0;
    double v = v0;
    double sum = 0;
    for (int k = 0; k < recorded.length; k++) {
      if (k > 0) {
        for (int n = 0; n < stepsPerSample; n++) {
          double k1x = v;
          double k1v = -stiffness * x - friction * v;
          double x2 = x + 0.5 * h * k1x;
          double v2 = v + 0.5 * h * k1v;
          double k2x = v2;
          double k2v = -stiffness * x2 - friction * v2;
          double x3 = x + 0.5 * h * k2x;
          double v3 = v + 0.5 * h * k2v;
          double k3x = v3;
          double k3v = -stiffness * x3 - friction * v3;
          double x4 = x + h * k3x;
          double v4 = v + h * k3v;
          double k4x = v4;
          double k4v = -stiffness * x4 - friction * v4;
          x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
          v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
        }
      }
      double error = x - recorded[k];
      sum += error * error;
    }
    return sum;
  }

  /**
   * A synthetic recording: the exact positions of an underdamped oscillator at times {@code 0,
   * dt, 2 dt, ...} with Gaussian measurement noise.
   *
   * @param x0 initial position
   * @param v0 initial velocity
   * @param omega natural angular frequency
   * @param zeta damping ratio, in {@code [0, 1)}
   * @param dt time between samples
   * @param count number of samples
   * @param noise standard deviation of the noise
   * @param seed seed of the noise
   * @return the recorded positions
   */
  public static double[] record(
      double x0, double v0, double omega, double zeta, double dt, int count, double noise,
      long seed) {
    Random random = new Random(seed);
    double[] out = new double[count];
    for (int k = 0; k < count; k++) {
      out[k] = exactPosition(x0, v0, omega, zeta, k * dt) + noise * random.nextGaussian();
    }
    return out;
  }

  /**
   * Fits {@code omega} and {@code zeta} to a recording by least squares: {@link GradientDescent}
   * on {@link #misfit}, whose gradient comes from its generated pullback.
   *
   * @param omega first guess of the natural angular frequency
   * @param zeta first guess of the damping ratio
   * @param x0 initial position, known
   * @param v0 initial velocity, known
   * @param h the RK4 step
   * @param stepsPerSample RK4 steps between two samples of the recording
   * @param recorded the recording
   * @return the fit: {@code point()} is {@code (omega, zeta)}
   */
  public static GradientDescent.Result fit(
      double omega, double zeta, double x0, double v0, double h, int stepsPerSample,
      double[] recorded) {
    GradientDescent.Objective objective =
        new GradientDescent.Objective() {
          @Override
          public double value(double[] p) {
            return misfit(p[0], p[1], x0, v0, h, stepsPerSample, recorded);
          }

          @Override
          public double valueAndGradient(double[] p, double[] gradient) {
            return Oscillator_Grad.misfitPullback(
                p[0], p[1], x0, v0, h, stepsPerSample, recorded, 1.0, gradient, 0);
          }
        };
    return GradientDescent.minimise(objective, new double[] {omega, zeta}, 1e-6, 1_000);
  }
}
