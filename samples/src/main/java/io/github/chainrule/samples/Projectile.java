package io.github.chainrule.samples;

import io.github.chainrule.Differentiable;

/**
 * How far a projectile flies: launched from height {@code h} with speed {@code v} at angle {@code
 * theta} above the horizontal, in uniform gravity {@code g} and without drag.
 *
 * <pre>
 *   vx = v cos(theta),   vy = v sin(theta)
 *   s  = sqrt(vy^2 + 2 g h)          vertical speed at landing
 *   t  = (vy + s) / g                 time of flight
 *   R  = vx t                         range
 * </pre>
 *
 * Differentiating by hand,
 *
 * <pre>
 *   dR/dv     = cos(theta) t + vx sin(theta) t / s
 *   dR/dtheta = (vx^2 / s - vy) t
 *   dR/dh     = vx / s
 * </pre>
 *
 * <p>{@code dR/dtheta} vanishes at the angle of greatest range; from the ground ({@code h = 0},
 * {@code s = vy}) that is 45°, and from a height it is {@code sin(theta*) = 1 / sqrt(2 + 2 g h /
 * v^2)}, slightly flatter. Gravity is a constant of the problem, not a quantity to optimise, so the
 * method asks Chainrule for derivatives with respect to the other three parameters only ({@code
 * wrt}); {@code gravity} is then an ordinary parameter of the generated methods, with no tangent
 * and no adjoint.
 */
public final class Projectile {

  /** Standard gravity, in m/s^2. */
  public static final double STANDARD_GRAVITY = 9.80665;

  private Projectile() {}

  /**
   * The horizontal distance from the launch point to where the projectile lands at height zero.
   *
   * @param speed launch speed {@code v > 0}, in m/s
   * @param angle launch angle {@code theta} in radians above the horizontal, in {@code (0, pi/2)}
   * @param height launch height {@code h >= 0} above the landing ground, in m
   * @param gravity gravitational acceleration {@code g > 0}, in m/s^2
   * @return the range, in m
   */
  @Differentiable(wrt = {"speed", "angle", "height"})
  public static double range(double speed, double angle, double height, double gravity) {
    double vx = speed * Math.cos(angle);
    double vy = speed * Math.sin(angle);
    double landingSpeed = Math.sqrt(vy * vy + 2.0 * gravity * height);
    double flightTime = (vy + landingSpeed) / gravity;
    return vx * flightTime;
  }
}
