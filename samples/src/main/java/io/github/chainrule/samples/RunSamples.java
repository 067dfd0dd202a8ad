package io.github.chainrule.samples;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Runs every sample and prints its value and derivatives, as computed by the {@code *_Grad} classes
 * that Chainrule generated at compile time, next to the derivatives worked out by hand.
 *
 * <p>Run it from the repository root with {@code mvn -B -q install -DskipTests && mvn -B -q -pl
 * samples exec:java}.
 */
public final class RunSamples {

  private static final PrintStream OUT = System.out;

  private RunSamples() {}

  /**
   * Prints all samples.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    graphs();
    neuron();
    blackScholes();
    projectile();
  }

  /** The graph {@code (x + y) * z} at the two points of the tutorial. */
  private static void graphs() {
    heading("Computational graph: f(x, y, z) = (x + y) * z");
    graphsAt(2, 3, -4);
    graphsAt(1, 3, -3);
  }

  private static void graphsAt(double x, double y, double z) {
    Graphs_Grad.FGradient g = Graphs_Grad.f(x, y, z);
    OUT.printf(
        Locale.ROOT,
        "  at (x, y, z) = (%s, %s, %s): f = %s, df/dx = %s, df/dy = %s, df/dz = %s"
            + "   [by hand: z = %s, z = %s, x + y = %s]%n",
        num(x), num(y), num(z), num(g.value()), num(g.dX()), num(g.dY()), num(g.dZ()),
        num(z), num(z), num(x + y));
  }

  /** The {@code tanh} neuron at the tutorial point. */
  private static void neuron() {
    heading("Neuron: out = tanh(x1 w1 + x2 w2 + b)");
    double x1 = 2;
    double x2 = 0;
    double w1 = -3;
    double w2 = 1;
    double b = Neuron.TUTORIAL_BIAS;
    Neuron_Grad.OutputGradient g = Neuron_Grad.output(x1, x2, w1, w2, b);
    double slope = 1 - g.value() * g.value();
    OUT.printf(
        Locale.ROOT,
        "  inputs x1 = %s, x2 = %s, weights w1 = %s, w2 = %s, bias b = %s%n",
        num(x1), num(x2), num(w1), num(w2), num(b));
    OUT.printf(Locale.ROOT, "  out = %s   (1/sqrt 2 = %s)%n", num(g.value()), num(Math.sqrt(0.5)));
    header();
    row("d out/d x1", g.dX1(), "w1 (1 - out^2)", w1 * slope);
    row("d out/d x2", g.dX2(), "w2 (1 - out^2)", w2 * slope);
    row("d out/d w1", g.dW1(), "x1 (1 - out^2)", x1 * slope);
    row("d out/d w2", g.dW2(), "x2 (1 - out^2)", x2 * slope);
    row("d out/d b", g.dB(), "1 - out^2", slope);
  }

  /** A call, its Greeks next to the closed forms, and a call and a put combined by pullbacks. */
  private static void blackScholes() {
    heading("Black-Scholes European call");
    double spot = 100;
    double strike = 105;
    double vol = 0.2;
    double rate = 0.05;
    double maturity = 0.75;
    OUT.printf(
        Locale.ROOT,
        "  spot S = %s, strike K = %s, volatility sigma = %s, rate r = %s, maturity T = %s%n",
        num(spot), num(strike), num(vol), num(rate), num(maturity));

    BlackScholes_Grad.CallPriceGradient g =
        BlackScholes_Grad.callPrice(spot, strike, vol, rate, maturity);
    double sqrtT = Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double discount = Math.exp(-rate * maturity);
    double nd1 = BlackScholes.normCdf(d1);
    double nd2 = BlackScholes.normCdf(d2);
    double pd1 = BlackScholes.normPdf(d1);
    OUT.printf(Locale.ROOT, "  price C = %.12f   (d1 = %.6f, d2 = %.6f)%n", g.value(), d1, d2);
    header();
    row("dC/dS     (delta)", g.dSpot(), "N(d1)", nd1);
    row("dC/dK", g.dStrike(), "-e^(-rT) N(d2)", -discount * nd2);
    row("dC/dsigma (vega)", g.dVolatility(), "S phi(d1) sqrt T", spot * pd1 * sqrtT);
    row("dC/dr     (rho)", g.dRate(), "K T e^(-rT) N(d2)", strike * maturity * discount * nd2);
    row("dC/dT     (-theta)", g.dMaturity(), "S phi(d1) sigma/(2 sqrt T) + r K e^(-rT) N(d2)",
        spot * pd1 * vol / (2 * sqrtT) + rate * strike * discount * nd2);

    // Reverse mode without allocation: the pullbacks of several positions add their sensitivities
    // into one adjoint array, each weighted by its quantity (the seed). A long call and a short put
    // with the same strike make a forward contract, worth S - K e^(-rT) whatever the volatility.
    OUT.println();
    OUT.printf(
        Locale.ROOT, "  Long 1 call, short 1 put, both K = %s: a synthetic forward%n", num(strike));
    double[] adj = new double[5];
    double forward =
        BlackScholes_Grad.callPricePullback(spot, strike, vol, rate, maturity, 1, adj, 0)
            - BlackScholes_Grad.putPricePullback(spot, strike, vol, rate, maturity, -1, adj, 0);
    header();
    row("value", forward, "S - K e^(-rT)", spot - strike * discount);
    row("d/dS", adj[0], "1", 1);
    row("d/dK", adj[1], "-e^(-rT)", -discount);
    row("d/dsigma", adj[2], "0", 0);
    row("d/dr", adj[3], "K T e^(-rT)", strike * maturity * discount);
    row("d/dT", adj[4], "r K e^(-rT)", rate * strike * discount);
  }

  /** A projectile's range, and the launch angle of greatest range found from its derivative. */
  private static void projectile() {
    heading("Projectile range from a height, no drag");
    double speed = 20;
    double angle = Math.toRadians(30);
    double height = 10;
    double g = Projectile.STANDARD_GRAVITY;
    OUT.printf(
        Locale.ROOT,
        "  speed v = %s m/s, angle = 30 deg, height h = %s m, gravity g = %s m/s^2%n",
        num(speed), num(height), num(g));
    Projectile_Grad.RangeGradient r = Projectile_Grad.range(speed, angle, height, g);
    double vx = speed * Math.cos(angle);
    double vy = speed * Math.sin(angle);
    double s = Math.sqrt(vy * vy + 2 * g * height);
    double t = (vy + s) / g;
    OUT.printf(Locale.ROOT, "  range R = %.12f m%n", r.value());
    header();
    row("dR/dv", r.dSpeed(), "cos(theta) t + vx sin(theta) t / s",
        Math.cos(angle) * t + vx * Math.sin(angle) * t / s);
    row("dR/dtheta", r.dAngle(), "(vx^2 / s - vy) t", (vx * vx / s - vy) * t);
    row("dR/dh", r.dHeight(), "vx / s", vx / s);

    // dR/dtheta by forward mode, and bisection on its sign: the angle of greatest range.
    double low = 0.01;
    double high = Math.PI / 2 - 0.01;
    for (int i = 0; i < 60; i++) {
      double mid = 0.5 * (low + high);
      double slope = Projectile_Grad.rangeTangent(speed, 0, mid, 1, height, 0, g);
      if (slope > 0) {
        low = mid;
      } else {
        high = mid;
      }
    }
    double best = 0.5 * (low + high);
    double exact = Math.asin(1 / Math.sqrt(2 + 2 * g * height / (speed * speed)));
    OUT.printf(
        Locale.ROOT,
        "  angle of greatest range, from dR/dtheta = 0: %.10f deg (closed form %.10f deg),"
            + " range %.6f m%n",
        Math.toDegrees(best), Math.toDegrees(exact), Projectile.range(speed, best, height, g));
  }

  private static void heading(String title) {
    OUT.println();
    OUT.println(title);
  }

  private static void header() {
    OUT.printf(Locale.ROOT, "  %-20s %21s %21s%n", "", "Chainrule", "by hand");
  }

  /** One derivative: Chainrule's value, the hand-derived value, and the formula of the latter. */
  private static void row(String name, double chainrule, String formula, double byHand) {
    OUT.printf(Locale.ROOT, "  %-20s %21.15f %21.15f   %s%n", name, chainrule, byHand, formula);
  }

  /** The shortest decimal that reads back as {@code x}: {@code -20} rather than {@code -20.0}. */
  private static String num(double x) {
    return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }
}
