package io.github.chainrule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Checks a gradient against finite differences, in one line: a generated gradient, pullback or
 * tangent, or a derivative written by hand.
 *
 * <p>The function and its derivative are given over one {@code double[]} point: a thin adapter
 * over the generated methods. For {@code @Differentiable static double f(double x, double y)}:
 *
 * <pre>{@code
 * GradCheck.check(
 *         p -> Owner.f(p[0], p[1]),
 *         p -> { Owner_Grad.FGradient g = Owner_Grad.f(p[0], p[1]); return new double[] {g.dX(), g.dY()}; },
 *         2.0, 3.0)
 *     .assertOk();
 *
 * GradCheck.checkPullback(p -> Owner.f(p[0], p[1]),
 *         (p, seed, adj) -> Owner_Grad.fPullback(p[0], p[1], seed, adj, 0), 2.0, 3.0).assertOk();
 * }</pre>
 *
 * and for {@code f(double[] w)} the adapters are the methods themselves: {@code
 * GradCheck.check(Owner::f, w -> Owner_Grad.f(w).dW(), w0)}.
 *
 * <p><b>Finite differences.</b> Component {@code i} is perturbed by {@code h = s * max(1,
 * |x[i]|)} (relative to the coordinate, absolute near zero), rounded so that {@code x[i] + h} is
 * exact, for four relative steps {@code s} by default: {@code 1e-2, 1e-3, 1e-4, 1e-5}. The estimate
 * kept is the one closest to the estimate at the next larger step (a coarse Ridders' method): one
 * fixed step fails on a function that varies on a scale much smaller than {@code |x|}, such as
 * {@code cos(x)} at {@code x = 1000}, or much larger rounding error than expected. {@link
 * Difference#RICHARDSON} (the default) combines central differences at {@code h} and {@code 2h}
 * into a fourth-order estimate, {@code (8(f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h}, exact
 * for polynomials of degree 4, four calls of {@code f} per step; {@link Difference#CENTRAL} is
 * {@code (f(x+h) - f(x-h)) / 2h}, exact for degree 2, two calls per step, from {@code s = 1e-3}.
 * So the default check calls {@code f} 16 times per component. Differences are wrong where
 * {@code f} is not smooth within {@code 2h} of the point (a kink of {@code abs}, {@code max}, a
 * branch): check away from kinks, or with a smaller {@link Options#step(double)}.
 *
 * <p><b>Error.</b> Per component, {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}:
 * relative for large derivatives, absolute for small ones, so that a derivative of {@code 1e-12}
 * against a difference of {@code 0} is no failure. The check passes when every component's error
 * is at most the tolerance ({@code 1e-6} by default; {@code float} functions need about {@code
 * 1e-3}). A NaN or infinite value on either side, or as the function's value at the point, is a
 * failure, never a pass.
 *
 * <p>The functions are called with copies of the point, so they may write into it. For other
 * steps, tolerances or component names, start from {@link #options()}.
 */
public final class GradCheck {
  private GradCheck() {}

  /** A function of one point: the function being differentiated. */
  @FunctionalInterface
  public interface Objective {
    /**
     * The function's value.
     *
     * @param x the point (a copy, which the function may change)
     * @return the value at {@code x}
     */
    double value(double[] x);
  }

  /** The gradient claimed for an {@link Objective}. */
  @FunctionalInterface
  public interface Gradient {
    /**
     * The gradient.
     *
     * @param x the point (a copy, which the function may change)
     * @return the partial derivatives at {@code x}, one per coordinate of {@code x}
     */
    double[] gradient(double[] x);
  }

  /** A reverse-mode derivative in the shape of a generated {@code mPullback}. */
  @FunctionalInterface
  public interface Pullback {
    /**
     * Adds {@code seed} times the gradient into {@code adj}.
     *
     * @param x the point (a copy, which the function may change)
     * @param seed the adjoint of the result
     * @param adj the adjoints of the coordinates, one per coordinate of {@code x}; the gradient
     *     times {@code seed} is added to it
     * @return the value at {@code x}
     */
    double pullback(double[] x, double seed, double[] adj);
  }

  /** A forward-mode derivative in the shape of a generated {@code mTangent}. */
  @FunctionalInterface
  public interface Tangent {
    /**
     * The directional derivative.
     *
     * @param x the point (a copy, which the function may change)
     * @param xDot the direction, one entry per coordinate of {@code x}
     * @return the derivative of the function at {@code x} along {@code xDot}
     */
    double tangent(double[] x, double[] xDot);
  }

  /** The finite-difference formula. */
  public enum Difference {
    /** Second order: {@code (f(x+h) - f(x-h)) / 2h}, two calls per component. */
    CENTRAL,
    /**
     * Fourth order, Richardson's extrapolation of central differences at {@code h} and {@code
     * 2h}: {@code (8(f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h}, four calls per component.
     */
    RICHARDSON
  }

  /** The default options. */
  private static final Options DEFAULT = new Options(Difference.RICHARDSON, Double.NaN, 4, 1e-6, null);

  /**
   * The default options, from which others are derived: {@code
   * GradCheck.options().tolerance(1e-4).check(f, g, x)}.
   *
   * @return the default options
   */
  public static Options options() {
    return DEFAULT;
  }

  /**
   * Checks a gradient at a point with the default options.
   *
   * @param f the function
   * @param gradient its claimed gradient
   * @param point where to check, one or more coordinates
   * @return the report
   */
  public static Report check(Objective f, Gradient gradient, double... point) {
    return DEFAULT.check(f, gradient, point);
  }

  /**
   * Checks a pullback (called with seed 1 and zero adjoints) with the default options.
   *
   * @param f the function
   * @param pullback its claimed reverse-mode derivative
   * @param point where to check
   * @return the report
   */
  public static Report checkPullback(Objective f, Pullback pullback, double... point) {
    return DEFAULT.checkPullback(f, pullback, point);
  }

  /**
   * Checks a tangent (called once per coordinate, along its unit vector) with the default options.
   *
   * @param f the function
   * @param tangent its claimed forward-mode derivative
   * @param point where to check
   * @return the report
   */
  public static Report checkTangent(Objective f, Tangent tangent, double... point) {
    return DEFAULT.checkTangent(f, tangent, point);
  }

  /** Immutable check options: each method returns new options. */
  public static final class Options {
    private final Difference difference;
    private final double step;
    private final int levels;
    private final double tolerance;
    private final String[] names;

    private Options(Difference difference, double step, int levels, double tolerance, String[] names) {
      this.difference = difference;
      this.step = step;
      this.levels = levels;
      this.tolerance = tolerance;
      this.names = names;
    }

    /**
     * The finite-difference formula.
     *
     * @param difference {@link Difference#RICHARDSON} (the default) or {@link Difference#CENTRAL}
     * @return options with that formula (and its default step, unless a step was set)
     */
    public Options difference(Difference difference) {
      if (difference == null) {
        throw new NullPointerException("difference");
      }
      return new Options(difference, step, levels, tolerance, names);
    }

    /**
     * The largest relative step: component {@code i} is first perturbed by {@code step * max(1,
     * |x[i]|)}, then by steps ten, a hundred ... times smaller (see {@link #levels(int)}).
     *
     * @param step positive and finite; the default is {@code 1e-2} for {@link
     *     Difference#RICHARDSON} and {@code 1e-3} for {@link Difference#CENTRAL}
     * @return options with that step
     */
    public Options step(double step) {
      if (!(step > 0) || Double.isInfinite(step)) {
        throw new IllegalArgumentException("step must be positive and finite: " + step);
      }
      return new Options(difference, step, levels, tolerance, names);
    }

    /**
     * How many steps to try per component, each ten times smaller than the one before; the
     * estimate kept is the one that agrees best with the estimate at the next larger step.
     *
     * @param levels 1 (one fixed step) to 8; the default is 4
     * @return options with that many steps
     */
    public Options levels(int levels) {
      if (levels < 1 || levels > 8) {
        throw new IllegalArgumentException("levels must be 1 to 8: " + levels);
      }
      return new Options(difference, step, levels, tolerance, names);
    }

    /**
     * The largest error a passing component may have.
     *
     * @param tolerance non-negative; the default is {@code 1e-6}
     * @return options with that tolerance
     */
    public Options tolerance(double tolerance) {
      if (!(tolerance >= 0)) {
        throw new IllegalArgumentException("tolerance must be non-negative: " + tolerance);
      }
      return new Options(difference, step, levels, tolerance, names);
    }

    /**
     * Names for the components in the report, in order (the default is {@code x[0]}, {@code
     * x[1]}, ...). Fewer names than components leave the rest with the default.
     *
     * @param names the names, such as the parameters' names
     * @return options with those names
     */
    public Options names(String... names) {
      return new Options(difference, step, levels, tolerance, names.clone());
    }

    /**
     * Checks a gradient at a point.
     *
     * @param f the function
     * @param gradient its claimed gradient
     * @param point where to check, one or more coordinates
     * @return the report
     * @throws IllegalArgumentException if the point is empty or the gradient's length is not the
     *     point's
     */
    public Report check(Objective f, Gradient gradient, double... point) {
      double[] x = point.clone();
      double[] g = gradient.gradient(x.clone());
      if (g == null || g.length != x.length) {
        throw new IllegalArgumentException(
            "the gradient has " + (g == null ? "no array" : g.length + " components")
                + ", the point " + x.length);
      }
      return compare(f, x, g.clone());
    }

    /**
     * Checks a pullback: it is called once, with seed 1 and zero adjoints, and the adjoints it
     * adds are the gradient checked.
     *
     * @param f the function
     * @param pullback its claimed reverse-mode derivative
     * @param point where to check
     * @return the report
     */
    public Report checkPullback(Objective f, Pullback pullback, double... point) {
      double[] x = point.clone();
      double[] adj = new double[x.length];
      pullback.pullback(x.clone(), 1.0, adj);
      return compare(f, x, adj);
    }

    /**
     * Checks a tangent: it is called once per coordinate, along that coordinate's unit vector,
     * and the directional derivatives are the gradient checked.
     *
     * @param f the function
     * @param tangent its claimed forward-mode derivative
     * @param point where to check
     * @return the report
     */
    public Report checkTangent(Objective f, Tangent tangent, double... point) {
      double[] x = point.clone();
      double[] g = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double[] dot = new double[x.length];
        dot[i] = 1;
        g[i] = tangent.tangent(x.clone(), dot);
      }
      return compare(f, x, g);
    }

    private Report compare(Objective f, double[] x, double[] analytic) {
      if (x.length == 0) {
        throw new IllegalArgumentException("the point has no coordinates");
      }
      double value = f.value(x.clone());
      double largest = step > 0 ? step : difference == Difference.RICHARDSON ? 1e-2 : 1e-3;
      List<Component> out = new ArrayList<>(x.length);
      double[] estimates = new double[levels];
      double[] steps = new double[levels];
      for (int i = 0; i < x.length; i++) {
        double rel = largest;
        for (int k = 0; k < levels; k++, rel /= 10) {
          double h = exactStep(x[i], rel * Math.max(1, Math.abs(x[i])));
          steps[k] = h;
          double d1 = at(f, x, i, h) - at(f, x, i, -h);
          if (difference == Difference.CENTRAL) {
            estimates[k] = d1 / (2 * h);
          } else {
            double d2 = at(f, x, i, 2 * h) - at(f, x, i, -2 * h);
            estimates[k] = (8 * d1 - d2) / (12 * h);
          }
        }
        // The estimate that agrees best with the one at the next larger step.
        int best = -1;
        double spread = Double.NaN;
        for (int k = 0; k < levels; k++) {
          if (!Double.isFinite(estimates[k])) {
            continue;
          }
          double d = k > 0 && Double.isFinite(estimates[k - 1])
              ? Math.abs(estimates[k] - estimates[k - 1]) : Double.NaN;
          if (best < 0 || (d < spread || (Double.isNaN(spread) && !Double.isNaN(d)))) {
            best = k;
            spread = d;
          }
        }
        double numeric = best < 0 ? Double.NaN : estimates[best];
        double h = best < 0 ? steps[levels - 1] : steps[best];
        double a = analytic[i];
        double error = Double.isFinite(a) && Double.isFinite(numeric) && Double.isFinite(value)
            ? Math.abs(a - numeric) / Math.max(1, Math.max(Math.abs(a), Math.abs(numeric)))
            : Double.NaN;
        String name = names != null && i < names.length ? names[i] : "x[" + i + "]";
        out.add(new Component(i, name, x[i], h, a, numeric, spread, error, error <= tolerance));
      }
      return new Report(value, out, tolerance, difference);
    }

    /** {@code h} rounded so that {@code x + h} differs from {@code x} by exactly {@code h}. */
    private static double exactStep(double x, double h) {
      double up = (x + h) - x;
      return up > 0 ? up : h;
    }

    private static double at(Objective f, double[] x, int i, double delta) {
      double[] p = x.clone();
      p[i] = x[i] + delta;
      return f.value(p);
    }
  }

  /**
   * One coordinate's result.
   *
   * @param index the coordinate's position in the point
   * @param name its name in the report
   * @param x its value at the point
   * @param step the finite-difference step {@code h} used for it
   * @param analytic the derivative checked
   * @param numeric the finite-difference estimate
   * @param spread how far {@code numeric} is from the estimate at the next larger step, a rough
   *     bound on its own error (NaN with one step, or where that estimate was not finite)
   * @param error {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}, NaN where either is
   *     NaN or infinite
   * @param passed whether the error is at most the tolerance (false for NaN)
   */
  public record Component(
      int index,
      String name,
      double x,
      double step,
      double analytic,
      double numeric,
      double spread,
      double error,
      boolean passed) {}

  /** The immutable result of a check. */
  public static final class Report {
    private final double value;
    private final List<Component> components;
    private final double tolerance;
    private final Difference difference;

    private Report(double value, List<Component> components, double tolerance, Difference difference) {
      this.value = value;
      this.components = Collections.unmodifiableList(new ArrayList<>(components));
      this.tolerance = tolerance;
      this.difference = difference;
    }

    /**
     * The function's value at the point. When it is NaN or infinite, every component fails.
     *
     * @return the value of the function at the point checked
     */
    public double value() {
      return value;
    }

    /**
     * Every coordinate's result, in order.
     *
     * @return an unmodifiable list, one entry per coordinate
     */
    public List<Component> components() {
      return components;
    }

    /**
     * The coordinates that failed.
     *
     * @return an unmodifiable list, empty when the check passed
     */
    public List<Component> failures() {
      List<Component> f = new ArrayList<>();
      for (Component c : components) {
        if (!c.passed()) {
          f.add(c);
        }
      }
      return Collections.unmodifiableList(f);
    }

    /**
     * The largest error; NaN if any component's is.
     *
     * @return the largest component error
     */
    public double maxError() {
      double m = 0;
      for (Component c : components) {
        if (Double.isNaN(c.error())) {
          return Double.NaN;
        }
        m = Math.max(m, c.error());
      }
      return m;
    }

    /**
     * The tolerance the components were held to.
     *
     * @return the tolerance
     */
    public double tolerance() {
      return tolerance;
    }

    /**
     * Whether every component's error is at most the tolerance (never with a NaN).
     *
     * @return whether the gradient agrees with the finite differences
     */
    public boolean passed() {
      for (Component c : components) {
        if (!c.passed()) {
          return false;
        }
      }
      return true;
    }

    /**
     * Throws unless the check passed.
     *
     * @return this report, when it passed
     * @throws AssertionError with this report as its message, when it failed
     */
    public Report assertOk() {
      if (!passed()) {
        throw new AssertionError(toString());
      }
      return this;
    }

    /** A table of every component, the failures marked, for a test failure's message. */
    @Override
    public String toString() {
      int width = 4;
      for (Component c : components) {
        width = Math.max(width, c.name().length());
      }
      StringBuilder s = new StringBuilder();
      List<Component> failed = failures();
      s.append(failed.isEmpty() ? "gradient check passed" : "gradient check FAILED")
          .append(String.format(Locale.ROOT, ": max error %.3g, tolerance %.3g, %s differences, value %s",
              maxError(), tolerance, difference.name().toLowerCase(Locale.ROOT), Double.toString(value)));
      if (!failed.isEmpty()) {
        List<String> names = new ArrayList<>();
        for (Component c : failed) {
          names.add(c.name());
        }
        s.append("; wrong: ").append(String.join(", ", names));
      }
      s.append('\n').append(String.format(Locale.ROOT, "  %-" + width + "s %14s %23s %23s %10s %10s%n",
          "name", "x", "analytic", "finite difference", "spread", "error"));
      for (Component c : components) {
        s.append(String.format(Locale.ROOT, "%s %-" + width + "s %14.6g %23.16g %23.16g %10.3g %10.3g%n",
            c.passed() ? " " : "!", c.name(), c.x(), c.analytic(), c.numeric(), c.spread(), c.error()));
      }
      return s.toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Report r
          && Double.compare(r.value, value) == 0
          && r.components.equals(components)
          && Double.compare(r.tolerance, tolerance) == 0
          && r.difference == difference;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(new Object[] {value, components, tolerance, difference});
    }
  }
}
