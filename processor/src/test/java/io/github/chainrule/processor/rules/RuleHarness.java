package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * Shared machinery of the derivative-rule tests: describes {@code @Differentiable} methods with an
 * independent reference (a Hipparchus {@link DerivativeStructure} evaluation of the same
 * function), writes them into one source, and checks the generated gradient record, tangent and
 * pullback against the reference and against finite differences of the compiled primal method.
 *
 * <p>Nothing here reads the generated code's own output to build an expectation: references come
 * from Hipparchus (exact forward mode), from hand-derived formulas, or from finite differences.
 */
final class RuleHarness {
  static final String PKG = "demo";

  /** The seed of every pullback check: not 1, so that a pullback ignoring its seed fails. */
  static final double SEED = 2.5;

  /** What the pullback's adjoint array holds before the call: it must be added to, not overwritten. */
  private static final double[] PREFILL = {0.5, 7.0, -3.0, 11.0, -5.0, 2.0, 13.0, -17.0};

  /** A direction with distinct, exactly representable components, for the directional checks. */
  private static final double[] DIRECTION = {0.75, -1.25, 0.5, 1.5, -0.625, 2.0};

  private RuleHarness() {}

  /** One parameter: its name, JVM type letter (D F I J Z) and whether it is differentiated. */
  record Param(String name, char type, boolean wrt) {
    boolean differentiable() {
      return wrt && (type == 'D' || type == 'F');
    }

    Class<?> javaType() {
      return javaType(type);
    }

    static Class<?> javaType(char t) {
      return switch (t) {
        case 'D' -> double.class;
        case 'F' -> float.class;
        case 'I' -> int.class;
        case 'J' -> long.class;
        case 'Z' -> boolean.class;
        default -> throw new IllegalArgumentException("type " + t);
      };
    }

    /** The boxed argument for a reflective call. */
    Object box(double v) {
      return box(type, v);
    }

    static Object box(char t, double v) {
      return switch (t) {
        case 'D' -> v;
        case 'F' -> (float) v;
        case 'I' -> (int) v;
        case 'J' -> (long) v;
        case 'Z' -> v != 0;
        default -> throw new IllegalArgumentException("type " + t);
      };
    }
  }

  /** The reference: the same function over Hipparchus derivative structures, one per parameter. */
  @FunctionalInterface
  interface Ref {
    DerivativeStructure apply(DerivativeStructure[] v);
  }

  /** One {@code @Differentiable} method under test. */
  static final class Fn {
    final String owner; // simple class name in package demo
    final String method; // the Java method name
    String api; // the base name of the generated API (differs for overloads)
    final char ret;
    final List<Param> params = new ArrayList<>();
    final String body;
    final Ref ref;
    String[] wrt = {};
    /** Default relative tolerance against the reference. */
    double rel;

    Fn(String owner, String signature, String body, Ref ref) {
      Matcher m = Pattern.compile("\\s*(\\w+)\\s+(\\w+)\\s*\\((.*)\\)\\s*").matcher(signature);
      if (!m.matches()) {
        throw new IllegalArgumentException(signature);
      }
      this.owner = owner;
      this.ret = letter(m.group(1));
      this.method = m.group(2);
      this.api = method;
      for (String p : m.group(3).split(",")) {
        if (p.isBlank()) {
          continue;
        }
        String[] tn = p.trim().split("\\s+");
        params.add(new Param(tn[1], letter(tn[0]), true));
      }
      this.body = body;
      this.ref = ref;
      boolean anyFloat = ret == 'F' || params.stream().anyMatch(p -> p.type() == 'F');
      this.rel = anyFloat ? 1e-5 : 1e-12;
    }

    /** Restricts differentiation to {@code names} (the annotation's {@code wrt}). */
    Fn wrt(String... names) {
      this.wrt = names;
      List<String> w = Arrays.asList(names);
      for (int i = 0; i < params.size(); i++) {
        Param p = params.get(i);
        params.set(i, new Param(p.name(), p.type(), w.contains(p.name())));
      }
      return this;
    }

    Fn api(String apiName) {
      this.api = apiName;
      return this;
    }

    Fn rel(double r) {
      this.rel = r;
      return this;
    }

    String cls() {
      return PKG + "." + owner;
    }

    String gradCls() {
      return PKG + "." + owner + "_Grad";
    }

    Class<?>[] paramTypes() {
      return params.stream().map(Param::javaType).toArray(Class<?>[]::new);
    }

    List<Param> differentiable() {
      return params.stream().filter(Param::differentiable).collect(Collectors.toList());
    }

    String declaration() {
      StringBuilder b = new StringBuilder("  @Differentiable");
      if (wrt.length > 0) {
        b.append(Arrays.stream(wrt).map(w -> "\"" + w + "\"").collect(Collectors.joining(", ", "(wrt = {", "})")));
      }
      b.append("\n  public static ").append(javaName(ret)).append(' ').append(method).append('(');
      b.append(params.stream().map(p -> javaName(p.type()) + " " + p.name()).collect(Collectors.joining(", ")));
      b.append(") {\n    ");
      b.append(body.contains("return") ? body : "return " + body + ";");
      b.append("\n  }\n");
      return b.toString();
    }

    @Override
    public String toString() {
      return api;
    }
  }

  static char letter(String javaType) {
    return switch (javaType) {
      case "double" -> 'D';
      case "float" -> 'F';
      case "int" -> 'I';
      case "long" -> 'J';
      case "boolean" -> 'Z';
      default -> throw new IllegalArgumentException(javaType);
    };
  }

  static String javaName(char t) {
    return Param.javaType(t).getName();
  }

  /** The source of class {@code demo.owner} holding {@code members} and the methods of {@code fns}. */
  static String source(String owner, String members, List<Fn> fns) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(PKG).append(";\n\n");
    b.append("import io.github.chainrule.Differentiable;\n\n");
    b.append("public final class ").append(owner).append(" {\n");
    b.append("  private ").append(owner).append("() {}\n\n");
    b.append(members).append('\n');
    for (Fn f : fns) {
      if (f.owner.equals(owner)) {
        b.append(f.declaration()).append('\n');
      }
    }
    return b.append("}\n").toString();
  }

  /** Compiles and asserts success without any warning. */
  static Compiled compileClean(java.util.Map<String, String> sources) {
    Compiled c = Compiled.compile(sources);
    assertTrue(c.succeeded(), () -> "compilation failed:\n" + c.diagnostics() + "\n" + sources.values());
    return c;
  }

  // ---- One evaluation point --------------------------------------------------------------------

  /** A function at a point, with the tolerances that fit the point. */
  static final class Case {
    final Fn fn;
    final double[] at;
    double rel;
    double abs;
    /** Finite-difference step: NaN for the default {@code 1e-4 max(1, |x_i|)}. */
    double h = Double.NaN;
    /** An explicit reference for the partials (derived by hand), or null to use Hipparchus. */
    double[] expected;
    boolean finiteDifferences = true;
    String note = "";
    /** How the point is shown, where its numbers are unreadable. */
    String label;

    Case(Fn fn, double... at) {
      if (at.length != fn.params.size()) {
        throw new IllegalArgumentException(fn.api + " takes " + fn.params.size() + " arguments");
      }
      this.fn = fn;
      this.at = at;
      this.rel = fn.rel;
    }

    Case rel(double r) {
      this.rel = r;
      return this;
    }

    Case abs(double a) {
      this.abs = a;
      return this;
    }

    Case h(double step) {
      this.h = step;
      return this;
    }

    Case noFiniteDifferences(String why) {
      this.finiteDifferences = false;
      this.note = why;
      return this;
    }

    Case label(String l) {
      this.label = l;
      return this;
    }

    Case expect(double... partials) {
      this.expected = partials;
      return this;
    }

    @Override
    public String toString() {
      if (label != null) {
        return fn.api + "(" + label + ")";
      }
      StringBuilder b = new StringBuilder(fn.api).append('(');
      for (int i = 0; i < at.length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        char t = fn.params.get(i).type();
        b.append(t == 'Z' ? String.valueOf(at[i] != 0) : t == 'I' || t == 'J' ? String.valueOf((long) at[i]) : fmt(at[i]));
      }
      return b.append(')').toString();
    }
  }

  static String fmt(double v) {
    return String.valueOf(v).replace(".0E", "E");
  }

  // ---- Reflection ------------------------------------------------------------------------------

  static Object[] args(Fn f, double[] at) {
    Object[] a = new Object[at.length];
    for (int i = 0; i < at.length; i++) {
      a[i] = f.params.get(i).box(at[i]);
    }
    return a;
  }

  static Object call(Compiled c, String cls, String name, Class<?>[] types, Object[] args) {
    Method m;
    try {
      m = c.load(cls).getMethod(name, types);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          "no method " + name + Arrays.stream(types).map(Class::getName).collect(Collectors.joining(", ", "(", ")"))
              + " in " + cls + "; generated:\n" + c.generatedSource(cls),
          e);
    }
    try {
      return m.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError(name + " threw " + e.getCause(), e.getCause());
    }
  }

  /** The primal (the user's own method). */
  static double primal(Compiled c, Fn f, double[] at) {
    return ((Number) call(c, f.cls(), f.method, f.paramTypes(), args(f, at))).doubleValue();
  }

  /** The gradient record, as {value, d(first differentiable param), ...}; checks component types. */
  static double[] gradient(Compiled c, Fn f, double[] at) {
    Object record = call(c, f.gradCls(), f.api, f.paramTypes(), args(f, at));
    List<Param> d = f.differentiable();
    double[] out = new double[d.size() + 1];
    out[0] = component(record, "value", Param.javaType(f.ret));
    for (int j = 0; j < d.size(); j++) {
      out[j + 1] = component(record, "d" + Character.toUpperCase(d.get(j).name().charAt(0)) + d.get(j).name().substring(1), d.get(j).javaType());
    }
    // No component for a parameter that is not differentiated.
    for (Param p : f.params) {
      if (!p.differentiable()) {
        String name = "d" + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
        try {
          record.getClass().getMethod(name);
          fail(f.api + ": record " + record.getClass().getSimpleName() + " has component " + name + " for a non-differentiated parameter");
        } catch (NoSuchMethodException expected) {
          // as specified
        }
      }
    }
    return out;
  }

  private static double component(Object record, String name, Class<?> type) {
    try {
      Method m = record.getClass().getMethod(name);
      assertEquals(type, m.getReturnType(), record.getClass().getSimpleName() + "." + name + " type");
      return ((Number) m.invoke(record)).doubleValue();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no component " + name + " in " + record, e);
    }
  }

  /** The tangent along {@code dir} (one entry per differentiable parameter). */
  static double tangent(Compiled c, Fn f, double[] at, double[] dir) {
    List<Class<?>> types = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < at.length; i++) {
      Param p = f.params.get(i);
      types.add(p.javaType());
      args.add(p.box(at[i]));
      if (p.differentiable()) {
        types.add(p.javaType());
        args.add(p.box(dir[j++]));
      }
    }
    Object r = call(c, f.gradCls(), f.api + "Tangent", types.toArray(Class<?>[]::new), args.toArray());
    assertEquals(Param.javaType(f.ret), r instanceof Float ? float.class : double.class, f.api + "Tangent result type");
    return ((Number) r).doubleValue();
  }

  /** Calls the pullback with {@code seed} into {@code adj} at {@code at0}; returns its value. */
  static double pullback(Compiled c, Fn f, double[] at, double seed, double[] adj, int at0) {
    List<Class<?>> types = new ArrayList<>(Arrays.asList(f.paramTypes()));
    List<Object> args = new ArrayList<>(Arrays.asList(args(f, at)));
    types.add(Param.javaType(f.ret));
    args.add(Param.box(f.ret, seed));
    types.add(double[].class);
    args.add(adj);
    types.add(int.class);
    args.add(at0);
    return ((Number) call(c, f.gradCls(), f.api + "Pullback", types.toArray(Class<?>[]::new), args.toArray())).doubleValue();
  }

  // ---- References ------------------------------------------------------------------------------

  /** Hipparchus: {value, partials of the differentiable parameters}. */
  static double[] reference(Fn f, double[] at) {
    int n = f.differentiable().size();
    DSFactory factory = new DSFactory(Math.max(n, 1), 1);
    DerivativeStructure[] v = new DerivativeStructure[at.length];
    int j = 0;
    for (int i = 0; i < at.length; i++) {
      Param p = f.params.get(i);
      double x = p.type() == 'F' ? (float) at[i] : at[i];
      v[i] = p.differentiable() ? factory.variable(j++, x) : factory.constant(x);
    }
    DerivativeStructure y = f.ref.apply(v);
    double[] out = new double[n + 1];
    out[0] = y.getValue();
    for (int k = 0; k < n; k++) {
      int[] orders = new int[Math.max(n, 1)];
      orders[k] = 1;
      out[k + 1] = y.getPartialDerivative(orders);
    }
    return out;
  }

  /**
   * Five-point central difference of the compiled primal in parameter {@code i}: error O(h^4).
   * Returns {derivative, noise}, noise being a bound on the rounding error of the quotient.
   */
  static double[] finiteDifference(Compiled c, Fn f, double[] at, int i, double step) {
    Param p = f.params.get(i);
    double x = at[i];
    double h = Double.isNaN(step) ? (p.type() == 'F' ? 1e-2 : 1e-4) * Math.max(1, Math.abs(x)) : step;
    // A power of two, so that x +- h and x +- 2h are as evenly spaced as the format allows.
    h = Math.scalb(1.0, Math.getExponent(h));
    double[] q = at.clone();
    double[] fv = new double[4];
    double[] offsets = {-2, -1, 1, 2};
    double fmax = 0;
    for (int k = 0; k < 4; k++) {
      q[i] = p.type() == 'F' ? (float) (x + offsets[k] * h) : x + offsets[k] * h;
      fv[k] = primal(c, f, q);
      fmax = Math.max(fmax, Math.abs(fv[k]));
    }
    double d = (fv[0] - 8 * fv[1] + 8 * fv[2] - fv[3]) / (12 * h);
    double eps = f.ret == 'F' || p.type() == 'F' ? 0x1p-24 : 0x1p-53;
    // Each value off by a few ulps: the quotient by (1 + 8 + 8 + 1) / 12 times that over h; x 64.
    double noise = 64 * 1.5 * eps * fmax / h;
    return new double[] {d, noise};
  }

  static void assertClose(String what, double expected, double actual, double tol) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      assertTrue(
          Double.compare(expected, actual) == 0,
          () -> what + ": expected " + expected + " but was " + actual);
      return;
    }
    assertTrue(
        Math.abs(expected - actual) <= tol,
        () ->
            String.format(
                Locale.ROOT,
                "%s: expected %.17g but was %.17g (difference %.3g, tolerance %.3g)",
                what,
                expected,
                actual,
                Math.abs(expected - actual),
                tol));
  }

  // ---- The checks ------------------------------------------------------------------------------

  /** The reference partials of a case: explicit, or Hipparchus. Index 0 is the value. */
  static double[] referenceOf(Case k) {
    double[] r = reference(k.fn, k.at);
    if (k.expected != null) {
      System.arraycopy(k.expected, 0, r, 1, k.expected.length);
    }
    return r;
  }

  /** The record form: value identical to the primal's, partials as the reference. */
  static void checkGradient(Compiled c, Case k) {
    double[] g = gradient(c, k.fn, k.at);
    double[] r = referenceOf(k);
    double primal = primal(c, k.fn, k.at);
    assertEquals(primal, g[0], 0.0, k + ": value of the gradient record differs from the method's own value");
    // Also a check of the reference itself (a wrong reference must not go unnoticed).
    if (k.expected == null) {
      assertClose(k + ": Hipparchus value vs primal (test reference)", r[0], primal, k.fn.rel * Math.abs(r[0]) + k.abs + 1e-300);
    }
    List<Param> d = k.fn.differentiable();
    for (int j = 0; j < d.size(); j++) {
      assertClose(k + ": d/d" + d.get(j).name(), r[j + 1], g[j + 1], tol(k, r[j + 1]));
    }
  }

  /** The record form against five-point central differences of the primal. */
  static void checkFiniteDifferences(Compiled c, Case k) {
    double[] g = gradient(c, k.fn, k.at);
    int j = 0;
    for (int i = 0; i < k.at.length; i++) {
      Param p = k.fn.params.get(i);
      if (!p.differentiable()) {
        continue;
      }
      double[] fd = finiteDifference(c, k.fn, k.at, i, k.h);
      double fdRel = p.type() == 'F' || k.fn.ret == 'F' ? 1e-3 : 1e-7;
      assertClose(
          k + ": d/d" + p.name() + " vs finite differences",
          fd[0],
          g[j + 1],
          fdRel * Math.abs(fd[0]) + fd[1] + k.abs);
      j++;
    }
  }

  /** The tangent along each unit direction and along a mixed one. */
  static void checkTangent(Compiled c, Case k) {
    double[] r = referenceOf(k);
    int n = k.fn.differentiable().size();
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1;
      assertClose(k + ": tangent along d" + k.fn.differentiable().get(j).name(), r[j + 1], tangent(c, k.fn, k.at, e), tol(k, r[j + 1]));
    }
    if (n > 1) {
      double[] dir = Arrays.copyOf(DIRECTION, n);
      double expected = 0;
      double scale = 0;
      for (int j = 0; j < n; j++) {
        expected += dir[j] * r[j + 1];
        scale += Math.abs(dir[j] * r[j + 1]);
      }
      assertClose(k + ": tangent along " + Arrays.toString(dir), expected, tangent(c, k.fn, k.at, dir), k.rel * scale + k.abs * n * 2);
    }
  }

  /** The pullback: seed SEED at offset 1 into a pre-filled array; adds, touches nothing else. */
  static void checkPullback(Compiled c, Case k) {
    double[] r = referenceOf(k);
    int n = k.fn.differentiable().size();
    double[] adj = Arrays.copyOf(PREFILL, n + 2);
    double[] before = adj.clone();
    double value = pullback(c, k.fn, k.at, SEED, adj, 1);
    assertEquals(primal(c, k.fn, k.at), value, 0.0, k + ": pullback's value differs from the method's own value");
    assertEquals(before[0], adj[0], 0.0, k + ": pullback wrote below its offset");
    assertEquals(before[n + 1], adj[n + 1], 0.0, k + ": pullback wrote past its parameters");
    for (int j = 0; j < n; j++) {
      double expected = before[j + 1] + SEED * r[j + 1];
      double tol = SEED * tol(k, r[j + 1]) + 2 * Math.ulp(expected);
      assertClose(k + ": pullback slot of d/d" + k.fn.differentiable().get(j).name() + " (pre-filled " + before[j + 1] + ", seed " + SEED + ")", expected, adj[j + 1], tol);
    }
  }

  static double tol(Case k, double ref) {
    return k.rel * Math.abs(ref) + k.abs;
  }

  /** All four checks: for tests that run them as one. */
  static void checkAll(Compiled c, Case k) {
    checkGradient(c, k);
    if (k.finiteDifferences) {
      checkFiniteDifferences(c, k);
    }
    checkTangent(c, k);
    checkPullback(c, k);
  }
}
