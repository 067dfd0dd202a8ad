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
    irisMlp();
    recurrentNetwork();
    oscillator();
    rosenbrock();
  }

  /** The graph {@code (x + y) * z} at the two points of the tutorial. */
  private static void graphs() {
    heading("Computational graph: f(x, y, z) = (x + y) * z");
    graphsAt(2, 3, -4);
    graphsAt(1, 3, -3);
    OUT.println();
    draw("seed", Graphs_Grad.fGraph(2, 3, -4));
    draw("neuron", Neuron_Grad.outputGraph(2, 0, -3, 1, Neuron.TUTORIAL_BIAS));
    draw("two-layer", Graphs_Grad.twoLayerCostGraph(0.5, -1.0, 0.8, -0.3, 0.2, 0.6, 1.1, -0.7, 0.25));
  }

  /** Writes a loss curve into {@code samples/target/graphs/name.svg}. */
  private static void plot(String name, LossCurve curve) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("chainrule.samples.graphs", "target/graphs"));
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Path svg = dir.resolve(name + ".svg");
      java.nio.file.Files.writeString(svg, curve.toSvg());
      OUT.printf(Locale.ROOT, "  the loss curve (%d points) drawn into %s%n", curve.losses().size(), svg);
    } catch (java.io.IOException e) {
      OUT.printf(Locale.ROOT, "  (the loss curve could not be written: %s)%n", e.getMessage());
    }
  }

  /**
   * Draws a graph with its values and gradients into {@code samples/target/graphs/name.svg} where
   * Graphviz is installed, and prints it as text otherwise.
   */
  private static void draw(String name, io.github.chainrule.ComputationalGraph graph) {
    if (!io.github.chainrule.ComputationalGraph.graphvizAvailable()) {
      OUT.print(graph.toText().indent(2));
      return;
    }
    try {
      // samples/target/graphs under mvn exec:java, which sets the property; else ./target/graphs.
      java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("chainrule.samples.graphs", "target/graphs"));
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Path svg = dir.resolve(name + ".svg");
      java.nio.file.Files.writeString(svg, graph.toSvg());
      OUT.printf(Locale.ROOT, "  %s: its graph with values and gradients drawn into %s%n", graph.name(), svg);
    } catch (java.io.IOException e) {
      OUT.printf(Locale.ROOT, "  %s: Graphviz failed (%s); as text:%n%s", graph.name(), e.getMessage(), graph.toText().indent(2));
    }
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

    // The same Greeks with N given its closed-form derivative (a custom derivative, @DerivativeOf):
    // the backward sweep evaluates the density instead of differentiating Cody's rational forms.
    OUT.println();
    OUT.println("  With a custom derivative for N (the normal density; BlackScholesCustom):");
    BlackScholesCustom_Grad.CallPriceGradient c =
        BlackScholesCustom_Grad.callPrice(spot, strike, vol, rate, maturity);
    header();
    row("dC/dS     (delta)", c.dSpot(), "differentiated N", g.dSpot());
    row("dC/dsigma (vega)", c.dVolatility(), "differentiated N", g.dVolatility());
    row("dC/dT     (-theta)", c.dMaturity(), "differentiated N", g.dMaturity());
    double[] work = new double[5];
    double differentiated = timePullback(false, spot, strike, vol, rate, maturity, work);
    double custom = timePullback(true, spot, strike, vol, rate, maturity, work);
    OUT.printf(
        Locale.ROOT,
        "  gradient: %.0f ns differentiating N, %.0f ns with its custom derivative (%.2fx; a rough"
            + " timing, see BlackScholesBenchmark for JMH)%n",
        differentiated, custom, differentiated / custom);
  }

  /** Nanoseconds per pullback of one of the two pricers, after a warm-up: a rough timing. */
  private static double timePullback(
      boolean custom, double spot, double strike, double vol, double rate, double maturity, double[] adj) {
    double sink = 0;
    long best = Long.MAX_VALUE;
    int n = 200_000;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        double s = spot + 1e-9 * (i & 7);
        sink += custom
            ? BlackScholesCustom_Grad.callPricePullback(s, strike, vol, rate, maturity, 1, adj, 0)
            : BlackScholes_Grad.callPricePullback(s, strike, vol, rate, maturity, 1, adj, 0);
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    if (sink == 42) {
      OUT.print("");
    }
    return (double) best / n;
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

  /** A perceptron trained on Fisher's Iris flowers by mini-batch gradient descent. */
  private static void irisMlp() {
    IrisMlp.Settings settings = IrisMlp.Settings.defaults();
    heading(
        "Iris flowers: a 4-" + settings.hidden() + "-3 tanh perceptron, softmax cross-entropy,"
            + " mini-batch gradient descent");
    Iris iris = Iris.load();
    double[][] xs = iris.standardisedFeatures();
    int[] labels = iris.labels();
    OUT.printf(
        Locale.ROOT,
        "  %d flowers from %s (Fisher 1936, UCI, CC BY 4.0), 4 standardised measurements;%n"
            + "  batches of %d, W = W - %s dW, gradients summed by IrisMlp_Grad.sampleLossPullback%n",
        iris.size(), Iris.RESOURCE, settings.batchSize(), num(settings.rate()));
    long start = System.nanoTime();
    LossCurve curve = new LossCurve("Iris MLP 4-10-3: training loss (softmax cross-entropy)");
    IrisMlp.Network net = IrisMlp.train(xs, labels, 3, settings, OUT, 15, curve);
    double seconds = (System.nanoTime() - start) * 1e-9;
    plot("iris-loss", curve);
    OUT.printf(
        Locale.ROOT, "  trained in %.2f s (%d epochs): training accuracy %.2f%%%n",
        seconds, settings.epochs(), 100 * net.accuracy(xs, labels));
    int[][] confusion = net.confusion(xs, labels, 3);
    OUT.printf(Locale.ROOT, "  %-16s %10s %16s %15s   (predicted)%n", "", "setosa", "versicolor",
        "virginica");
    for (int k = 0; k < 3; k++) {
      OUT.printf(Locale.ROOT, "  %-16s %10d %16d %15d%n", Iris.SPECIES.get(k),
          confusion[k][0], confusion[k][1], confusion[k][2]);
    }

    // The same training on four flowers of every five; the fifth is new to the network.
    double[][] trainX = new double[120][];
    int[] trainY = new int[120];
    double[][] testX = new double[30][];
    int[] testY = new int[30];
    for (int n = 0, a = 0, b = 0; n < iris.size(); n++) {
      if (n % 5 == 4) {
        testX[b] = xs[n];
        testY[b++] = labels[n];
      } else {
        trainX[a] = xs[n];
        trainY[a++] = labels[n];
      }
    }
    IrisMlp.Network heldOut = IrisMlp.train(trainX, trainY, 3, settings, null, 1);
    OUT.printf(
        Locale.ROOT,
        "  trained on 120 flowers only: %.2f%% of them and %d of the 30 others classified right%n",
        100 * heldOut.accuracy(trainX, trainY),
        Math.round(30 * heldOut.accuracy(testX, testY)));
  }

  /** A recurrent network trained by backpropagation through time. */
  private static void recurrentNetwork() {
    SineRnn.Settings settings = SineRnn.Settings.defaults();
    heading("Recurrent network, backpropagation through time: the next value of a noisy sine wave");
    SineRnn.Waves train = SineRnn.Waves.random(32, SineRnn.STEPS, SineRnn.NOISE, 1);
    SineRnn.Waves unseen = SineRnn.Waves.random(64, SineRnn.STEPS, SineRnn.NOISE, 2);
    OUT.printf(
        Locale.ROOT,
        "  %d hidden tanh units, shared by all steps; %d sequences of %d steps, 10 to 40 steps"
            + " per period,%n  noise %s; mean squared error from step %d on; Adam, batches of %d,"
            + " rate %s%n",
        settings.hidden(), train.inputs().length, SineRnn.STEPS, num(SineRnn.NOISE),
        SineRnn.WARMUP, settings.batchSize(), num(settings.rate()));
    OUT.printf(
        Locale.ROOT, "  baseline \"no change\" (y_t = u_t): loss %.6f%n", train.persistenceLoss());
    long start = System.nanoTime();
    LossCurve curve = new LossCurve("Sine RNN: training loss (mean squared error)");
    SineRnn.Network net = SineRnn.train(train, settings, OUT, 20, curve);
    double seconds = (System.nanoTime() - start) * 1e-9;
    plot("rnn-loss", curve);
    double before = SineRnn.Network.random(settings.hidden(), settings.seed())
        .meanLoss(train.inputs(), train.targets());
    double after = net.meanLoss(train.inputs(), train.targets());
    OUT.printf(
        Locale.ROOT,
        "  trained in %.2f s: loss %.6f -> %.6f (%.0f times smaller); on %d unseen sequences"
            + " %.6f (baseline %.6f)%n",
        seconds, before, after, before / after, unseen.inputs().length,
        net.meanLoss(unseen.inputs(), unseen.targets()), unseen.persistenceLoss());
  }

  /** Sensitivities of an RK4 solution, next to the exact ones; then a fit of the parameters. */
  private static void oscillator() {
    heading("Damped oscillator x'' + 2 zeta omega x' + omega^2 x = 0, integrated by RK4");
    double x0 = 1;
    double v0 = 0.5;
    double omega = 2;
    double zeta = 0.1;
    double time = 10;
    int steps = 2000;
    OUT.printf(
        Locale.ROOT,
        "  x0 = %s, v0 = %s, omega = %s, zeta = %s; %d steps to T = %s%n",
        num(x0), num(v0), num(omega), num(zeta), steps, num(time));
    Oscillator_Grad.PositionGradient rk4 =
        Oscillator_Grad.position(x0, v0, omega, zeta, time, steps);
    Oscillator_Grad.ExactPositionGradient exact =
        Oscillator_Grad.exactPosition(x0, v0, omega, zeta, time);
    OUT.printf(
        Locale.ROOT, "  x(T) by RK4 = %.12f, exact = %.12f%n", rk4.value(), exact.value());
    double wd = omega * Math.sqrt(1 - zeta * zeta);
    double envelope = Math.exp(-zeta * omega * time);
    double c = Math.cos(wd * time);
    double s = Math.sin(wd * time);
    OUT.printf(Locale.ROOT, "  %-20s %21s %21s%n", "", "RK4, by Chainrule", "exact solution");
    row("dx(T)/dx0", rk4.dX0(), "e^(-zeta omega T) (cos + zeta omega/wd sin)(wd T)",
        envelope * (c + zeta * omega / wd * s));
    row("dx(T)/dv0", rk4.dV0(), "e^(-zeta omega T) sin(wd T) / wd", envelope * s / wd);
    row("dx(T)/domega", rk4.dOmega(), "closed form, differentiated by Chainrule",
        exact.dOmega());
    row("dx(T)/dzeta", rk4.dZeta(), "closed form, differentiated by Chainrule", exact.dZeta());
    row("dx(T)/dT", rk4.dTime(), "x'(T), the velocity",
        envelope * (v0 * c - (x0 * wd + zeta * omega * (v0 + zeta * omega * x0) / wd) * s));

    double h = 0.02;
    int stepsPerSample = 10;
    double[] recorded = Oscillator.record(x0, v0, omega, zeta, h * stepsPerSample, 41, 0.02, 3);
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "  Fit omega and zeta to %d noisy positions (every %s s, noise 0.02), from omega = 1.7,"
            + " zeta = 0.3:%n",
        recorded.length, num(h * stepsPerSample));
    GradientDescent.Result fit = Oscillator.fit(1.7, 0.3, x0, v0, h, stepsPerSample, recorded);
    OUT.printf(
        Locale.ROOT,
        "  after %d gradient steps on the misfit: omega = %.5f, zeta = %.5f (true %s, %s),"
            + " misfit %.6f%n",
        fit.iterations(), fit.point()[0], fit.point()[1], num(omega), num(zeta), fit.value());
  }

  /** Rosenbrock's valley in ten dimensions, minimised by Hipparchus with the generated gradient. */
  private static void rosenbrock() {
    int n = 10;
    heading("Rosenbrock's function in " + n + " dimensions, minimised by Hipparchus's conjugate gradient");
    double[] start = Rosenbrock.start(n);
    Rosenbrock_Grad.ValueGradient g = Rosenbrock_Grad.value(start);
    double[] byHand = Rosenbrock.gradientByHand(start);
    OUT.printf(Locale.ROOT, "  from x = (-1.2, 1, -1.2, 1, ...): f = %.12f%n", g.value());
    header();
    for (int i : new int[] {0, 1, 2, n - 1}) {
      String formula = i == 0
          ? "-400 x0 (x1 - x0^2) - 2 (1 - x0)"
          : i == n - 1
              ? "200 (x9 - x8^2)"
              : "-400 x_i (x_i+1 - x_i^2) - 2 (1 - x_i) + 200 (x_i - x_i-1^2)";
      row("df/dx" + i, g.dX()[i], formula, byHand[i]);
    }
    long begin = System.nanoTime();
    HipparchusObjective f = HipparchusObjective.of(Rosenbrock.OBJECTIVE, n);
    org.hipparchus.optim.PointValuePair min = Rosenbrock.minimise(start, f);
    double seconds = (System.nanoTime() - begin) * 1e-9;
    double worst = 0;
    for (double xi : min.getPoint()) {
      worst = Math.max(worst, Math.abs(xi - 1));
    }
    OUT.printf(
        Locale.ROOT,
        "  NonLinearConjugateGradientOptimizer (Polak-Ribiere) after %d pullbacks (%.2f s): f = %.3e,"
            + " max |x_i - 1| = %.1e%n",
        f.pullbacks(), seconds, min.getValue(), worst);
    begin = System.nanoTime();
    GradientDescent.Result r = GradientDescent.minimise(Rosenbrock.OBJECTIVE, start, 1e-8, 200_000);
    seconds = (System.nanoTime() - begin) * 1e-9;
    OUT.printf(
        Locale.ROOT,
        "  (the hand-rolled steepest descent with backtracking: %d iterations, %.2f s, f = %.3e)%n",
        r.iterations(), seconds, r.value());
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
