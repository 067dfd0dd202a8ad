package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The projectile's range and its derivatives with respect to speed, angle and height only. */
class ProjectileTest {

  private static final double G = Projectile.STANDARD_GRAVITY;

  @ParameterizedTest(name = "v={0} theta={1} deg h={2}")
  @CsvSource({
    "20, 30, 10",
    "20, 45, 0",
    "35, 10, 2.5",
    "5,  80, 100",
    "50, 60, 0",
  })
  void gradientMatchesTheHandDerivation(double speed, double degrees, double height) {
    double angle = Math.toRadians(degrees);
    double vx = speed * Math.cos(angle);
    double vy = speed * Math.sin(angle);
    double s = Math.sqrt(vy * vy + 2 * G * height);
    double t = (vy + s) / G;

    Projectile_Grad.RangeGradient r = Projectile_Grad.range(speed, angle, height, G);
    double tol = 1e-13 * (1 + vx * t);
    assertEquals(vx * t, r.value(), tol);
    assertEquals(Math.cos(angle) * t + vx * Math.sin(angle) * t / s, r.dSpeed(), tol);
    assertEquals((vx * vx / s - vy) * t, r.dAngle(), tol);
    assertEquals(vx / s, r.dHeight(), tol);
  }

  @Test
  void fromTheGroundTheBestAngleIs45Degrees() {
    for (double speed : new double[] {1, 10, 100}) {
      double atBest = Projectile_Grad.range(speed, Math.PI / 4, 0, G).dAngle();
      // On the ground R = v^2 sin(2 theta) / g, so dR/dtheta = 2 v^2 cos(2 theta) / g.
      assertEquals(0.0, atBest, 1e-13 * speed * speed / G);
      double flatter = Projectile_Grad.range(speed, Math.toRadians(30), 0, G).dAngle();
      double expected = 2 * speed * speed * Math.cos(Math.toRadians(60)) / G;
      assertEquals(expected, flatter, 1e-13 * speed * speed);
    }
  }

  @Test
  void fromAHeightTheBestAngleIsFlatter() {
    double speed = 20;
    for (double height : new double[] {1, 10, 100}) {
      double best = Math.asin(1 / Math.sqrt(2 + 2 * G * height / (speed * speed)));
      double slope = Projectile_Grad.rangeTangent(speed, 0, best, 1, height, 0, G);
      assertEquals(0.0, slope, 1e-12 * speed * speed / G, "height " + height);
      // Steeper than the optimum the range falls off, flatter it still grows.
      double steeper = Projectile_Grad.rangeTangent(speed, 0, best + 0.01, 1, height, 0, G);
      double flatter = Projectile_Grad.rangeTangent(speed, 0, best - 0.01, 1, height, 0, G);
      assertTrue(steeper < 0, "steeper: " + steeper);
      assertTrue(flatter > 0, "flatter: " + flatter);
    }
  }

  @Test
  void gravityIsNotDifferentiated() {
    // wrt = {"speed", "angle", "height"}: no dGravity component, and the pullback writes 3 slots.
    String[] names =
        Arrays.stream(Projectile_Grad.RangeGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray(String[]::new);
    assertArrayEquals(new String[] {"value", "dSpeed", "dAngle", "dHeight"}, names);

    double[] adj = {0, 0, 0, 0, -1};
    double angle = Math.toRadians(40);
    double value = Projectile_Grad.rangePullback(15, angle, 3, G, 1.0, adj, 1);
    Projectile_Grad.RangeGradient r = Projectile_Grad.range(15, angle, 3, G);
    assertEquals(r.value(), value, 0.0);
    assertArrayEquals(
        new double[] {0, r.dSpeed(), r.dAngle(), r.dHeight(), -1}, adj, 1e-15 * (1 + r.value()));
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    double[] p = {17, Math.toRadians(37), 4.2};
    Projectile_Grad.RangeGradient r = Projectile_Grad.range(p[0], p[1], p[2], G);
    double[] ad = {r.dSpeed(), r.dAngle(), r.dHeight()};
    for (int k = 0; k < 3; k++) {
      double h = 1e-6;
      double[] up = p.clone();
      double[] down = p.clone();
      up[k] += h;
      down[k] -= h;
      double fd = (range(up) - range(down)) / (2 * h);
      assertEquals(fd, ad[k], 1e-7 * (1 + Math.abs(fd)), "component " + k);
    }
  }

  private static double range(double[] p) {
    return Projectile.range(p[0], p[1], p[2], G);
  }
}
