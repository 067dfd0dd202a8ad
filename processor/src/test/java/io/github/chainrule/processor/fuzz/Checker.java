package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.JType;
import io.github.chainrule.processor.fuzz.Ast.Param;
import io.github.chainrule.processor.fuzz.Ast.Program;
import io.github.chainrule.processor.testing.Compiled;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the generated code of one method at one point against the {@link Reference}: the plain
 * method's value (exactly), the gradient record, the tangent in a random direction, the pullback
 * with a random seed into a pre-filled array at a random offset, and the dot-product test {@code
 * <J v, w> = <v, J^T w>} between tangent and pullback.
 *
 * <p>Tolerance: {@code |actual - expected| <= rtol * (|expected| + magnitude) + atol}, where the
 * magnitude is the reference's bound on the terms the derivative is summed from (so that
 * cancellation does not make a correct result look wrong). {@code rtol} is 1e-9 for double code and
 * 1e-4 where float arithmetic is involved. A NaN from the tangent is accepted where the reference
 * met a function at a point where its derivative is infinite: the README documents that forward
 * mode gives 0 * Infinity = NaN there. The gradient and the pullback must still be right.
 */
final class Checker {
  static final double RTOL = 1e-9;
  static final double FLOAT_RTOL = 1e-4;
  static final double ATOL = 1e-13;

  /**
   * A disagreement: what was checked ({@code kind}) and the numbers; {@code nan} when the
   * generated code gave NaN or an infinity where the reference is finite.
   */
  record Mismatch(String kind, String detail, boolean nan) {
    Mismatch(String kind, String detail) {
      this(kind, detail, false);
    }

    /** Failures with the same signature are probably the same bug. */
    String signature() {
      return kind + (nan ? ":nan" : "");
    }
  }

  private final Compiled compiled;
  private final Program p;
  private final Map<String, Method> cache = new HashMap<>();

  private final long timeoutMillis;

  Checker(Compiled compiled, Program p) {
    this(compiled, p, TIMEOUT_SECONDS * 1000);
  }

  Checker(Compiled compiled, Program p, long timeoutMillis) {
    this.compiled = compiled;
    this.p = p;
    this.timeoutMillis = timeoutMillis;
  }

  /** Java values for the parameters of {@code m}. */
  static Object[] randomArgs(Ast.Method m, Random r) {
    Object[] a = new Object[m.params().size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = randomValue(m.params().get(i).type(), r);
    }
    return a;
  }

  static Object randomValue(JType t, Random r) {
    switch (t) {
      case DARRAY:
        {
          double[] a = new double[1 + r.nextInt(4)];
          for (int i = 0; i < a.length; i++) {
            a[i] = (Double) randomValue(JType.DOUBLE, r);
          }
          return a;
        }
      case DMATRIX:
        {
          double[][] a = new double[1 + r.nextInt(3)][1 + r.nextInt(3)];
          for (double[] row : a) {
            for (int i = 0; i < row.length; i++) {
              row[i] = (Double) randomValue(JType.DOUBLE, r);
            }
          }
          return a;
        }
      case DOUBLE:
      case FLOAT:
        {
          double x;
          int k = r.nextInt(20);
          if (k == 0) {
            x = (r.nextDouble() * 2 - 1) * 0.01;
          } else if (k == 1) {
            x = (r.nextDouble() * 2 - 1) * 10;
          } else if (k == 2) {
            x = r.nextInt(7) - 3; // an integer: ties of floor, max, ...
          } else {
            x = (r.nextDouble() * 2 - 1) * 2.5;
          }
          return t == JType.DOUBLE ? (Object) x : (Object) (float) x;
        }
      case INT:
        return r.nextInt(10) - 3;
      case LONG:
        return (long) (r.nextInt(16) - 5);
      default:
        return r.nextBoolean();
    }
  }

  /**
   * Checks method {@code m} at {@code args}; null if everything agrees.
   *
   * @param ref the reference's result at {@code args}
   * @param floaty whether float arithmetic is involved (the looser tolerance)
   */
  Mismatch check(int m, Object[] args, Reference.Result ref, boolean floaty, Random r) {
    stage = "start";
    FutureTask<Mismatch> task =
        new FutureTask<>(
            () -> {
              try {
                return checkOrThrow(m, args, ref, floaty, r);
              } catch (InvocationTargetException e) {
                return new Mismatch("exception", "the generated code threw: " + stack(e.getCause()));
              } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new Mismatch("api", "the generated API is not as documented: " + stack(e));
              }
            });
    Thread t = new Thread(task, "chainrule-fuzz-check");
    t.setDaemon(true);
    t.start();
    try {
      return task.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String where = stage;
      if (!stop(t)) {
        hung = true; // a thread we cannot stop keeps spinning: the fuzzer stops after this
      }
      return new Mismatch("hang", "the generated code did not return within " + timeoutMillis / 1000.0 + " s (in " + where + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  static final long TIMEOUT_SECONDS = Long.getLong("chainrule.fuzz.timeout", 10);

  /** Set when a hung check could not be stopped (Thread.stop is gone after JDK 19). */
  static volatile boolean hung;

  private volatile String stage = "";

  /** Thread.stop by reflection: deprecated, but the only way to end generated code that loops. */
  /** Whether the tangent takes its scalar tangents packed: one after each would pass 255 slots. */
  private static boolean packedTangent(List<Param> params, int[] off) {
    int slots = 0;
    for (int i = 0; i < params.size(); i++) {
      JType t = params.get(i).type();
      int s = t == JType.DOUBLE || t == JType.LONG ? 2 : 1;
      slots += off[i] >= 0 ? 2 * s : s;
    }
    return slots > 255;
  }

  private static boolean stop(Thread t) {
    try {
      Thread.class.getMethod("stop").invoke(t);
      t.join(2000);
      return !t.isAlive();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Mismatch checkOrThrow(int m, Object[] args, Reference.Result ref, boolean floaty, Random r)
      throws ReflectiveOperationException {
    Ast.Method method = p.methods().get(m);
    double rtol = floaty ? FLOAT_RTOL : RTOL;
    List<Param> params = method.params();
    // Where each differentiable parameter's partials start in the reference's gradient (arrays
    // and matrices row-major); -1 for the others.
    int[] off = new int[params.size()];
    int n = 0;
    int nScalar = 0;
    for (int i = 0; i < off.length; i++) {
      off[i] = -1;
      if (method.differentiable(params.get(i))) {
        off[i] = n;
        n += Reference.scalars(args[i]);
        nScalar += params.get(i).type().array() ? 0 : 1;
      }
    }
    if (n != ref.gradient().length) {
      throw new IllegalStateException("reference gradient of length " + ref.gradient().length + ", expected " + n);
    }
    String owner = p.qualified(method.owner());
    String grad = owner + "_Grad";
    String api = p.apiName(m);
    Class<?>[] types = types(params);
    Object[] pristine = deepCopy(args);

    // The plain method: the reference must reproduce it exactly (else the fuzzer is wrong).
    stage = "the plain method " + method.name();
    double plain = number(method(owner, method.name(), types).invoke(null, args));
    if (!same(plain, ref.value())) {
      return new Mismatch("reference", "the reference's value " + ref.value() + " differs from the plain method's " + plain + " (a fuzzer bug)");
    }
    Mismatch changed = unchanged(method, args, pristine, "the plain method");
    if (changed != null) {
      return new Mismatch("reference", changed.detail() + " (a fuzzer bug: methods must not write into parameter arrays)");
    }

    // The gradient record.
    stage = api + " (the gradient)";
    Object record = method(grad, api, types).invoke(null, args);
    if ((changed = unchanged(method, args, pristine, api)) != null) {
      return changed;
    }
    double value = Compiled.component(record, "value");
    if (!same(value, plain)) {
      return new Mismatch("value", api + "(...).value() = " + value + ", the method returns " + plain);
    }
    for (int i = 0; i < params.size(); i++) {
      if (off[i] < 0) {
        continue;
      }
      String name = params.get(i).name();
      String c = "d" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
      Object got = record.getClass().getMethod(c).invoke(record);
      if (params.get(i).type().array()) {
        if (got == null || got.getClass() != params.get(i).type().cls || !sameShape(got, args[i])) {
          return new Mismatch("gradient", api + "(...)." + c + "() = " + describe(got) + ", not an array of the shape of " + describe(args[i]));
        }
        if (got == args[i] || (got instanceof double[][] g && shares(g, (double[][]) args[i]))) {
          return new Mismatch("gradient", api + "(...)." + c + "() is (or shares rows with) the argument, not a new array");
        }
      }
      List<Double> flat = new ArrayList<>();
      flatten(got, flat);
      for (int j = 0; j < flat.size(); j++) {
        double g = flat.get(j);
        double want = ref.gradient()[off[i] + j];
        double mag = ref.magnitude()[off[i] + j];
        if (!close(g, want, mag, rtol)) {
          String at = params.get(i).type().array() ? " entry " + j + " (row-major)" : "";
          return new Mismatch("gradient", api + "(...)." + c + "()" + at + " = " + g + ", expected " + want + " (magnitude " + mag + ")\n" + gradientLine(ref), !Double.isFinite(g));
        }
      }
    }

    // The tangent in a random direction (array directions of the argument's shape, or null).
    double[] v = new double[n];
    List<Object> targs = new ArrayList<>();
    List<Class<?>> ttypes = new ArrayList<>();
    List<Object> directions = new ArrayList<>();
    double want = 0;
    double scale = 0;
    for (int i = 0; i < args.length; i++) {
      Param q = params.get(i);
      targs.add(args[i]);
      ttypes.add(q.type().cls);
      if (off[i] < 0) {
        continue;
      }
      Object dir;
      if (q.type().array()) {
        dir = r.nextInt(6) == 0 ? null : randomShaped(args[i], r, false);
        if (dir != null) {
          List<Double> flat = new ArrayList<>();
          flatten(dir, flat);
          for (int j = 0; j < flat.size(); j++) {
            v[off[i] + j] = flat.get(j);
          }
        }
      } else {
        double d = r.nextDouble() * 2 - 1;
        if (q.type() == JType.FLOAT) {
          d = (float) d;
        }
        v[off[i]] = d;
        dir = q.type() == JType.FLOAT ? (Object) (float) d : (Object) d;
      }
      directions.add(dir);
      targs.add(dir);
      ttypes.add(q.type().cls);
    }
    for (int k = 0; k < n; k++) {
      want += v[k] * ref.gradient()[k];
      scale += Math.abs(v[k]) * (Math.abs(ref.gradient()[k]) + ref.magnitude()[k]);
    }
    if (packedTangent(params, off)) {
      // 64 or more doubles: the scalar tangents come packed in one double[] (README, the API).
      List<Object> packedArgs = new ArrayList<>();
      List<Class<?>> packedTypes = new ArrayList<>();
      List<Double> dots = new ArrayList<>();
      List<Object> arrayDots = new ArrayList<>();
      List<Class<?>> arrayDotTypes = new ArrayList<>();
      int k = 0;
      for (int i = 0; i < args.length; i++) {
        packedArgs.add(targs.get(k));
        packedTypes.add(ttypes.get(k++));
        if (off[i] >= 0) {
          Object dir = targs.get(k++);
          if (params.get(i).type().array()) {
            arrayDots.add(dir);
            arrayDotTypes.add(params.get(i).type().cls);
          } else {
            dots.add(((Number) dir).doubleValue());
          }
        }
      }
      double[] dot = new double[dots.size()];
      for (int j = 0; j < dot.length; j++) {
        dot[j] = dots.get(j);
      }
      packedArgs.add(dot);
      packedTypes.add(double[].class);
      packedArgs.addAll(arrayDots);
      packedTypes.addAll(arrayDotTypes);
      targs = packedArgs;
      ttypes = packedTypes;
    }
    Object[] directionsBefore = deepCopy(directions.toArray());
    stage = api + "Tangent";
    double tangent = number(method(grad, api + "Tangent", ttypes.toArray(new Class<?>[0])).invoke(null, targs.toArray()));
    if ((changed = unchanged(method, args, pristine, api + "Tangent")) != null) {
      return changed;
    }
    if (!identical(directions.toArray(), directionsBefore)) {
      return new Mismatch("mutation", api + "Tangent changed its direction arguments: " + Arrays.deepToString(directionsBefore) + " became " + Arrays.deepToString(directions.toArray()));
    }
    // Documented: forward mode gives 0 * Infinity = NaN where a zero tangent meets an infinite
    // partial (sqrt at 0 ...). Only a NaN is let through, and only where the reference met one.
    boolean forwardNan = Double.isNaN(tangent) && ref.singular();
    if (!forwardNan && !closeScaled(tangent, want, scale, rtol)) {
      return new Mismatch("tangent", api + "Tangent(direction " + Arrays.toString(v) + ") = " + tangent + ", expected " + want + "\n" + gradientLine(ref), !Double.isFinite(tangent));
    }

    // The pullback: adds seed * gradient to adj[at..] and to the array adjoints (pre-filled, or
    // null), leaves the rest alone, returns the value.
    double seed = r.nextDouble() * 4 - 2;
    if (method.ret() == JType.FLOAT) {
      seed = (float) seed;
    }
    int at = r.nextInt(3);
    double[] adj = nScalar == 0 ? null : new double[at + nScalar + 2];
    int[] slot = new int[nScalar]; // gradient index of each scalar slot
    for (int i = 0, k = 0; i < params.size(); i++) {
      if (off[i] >= 0 && !params.get(i).type().array()) {
        slot[k++] = off[i];
      }
    }
    if (adj != null) {
      for (int i = 0; i < adj.length; i++) {
        adj[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 2 - 1;
      }
    }
    List<Object> arrayAdj = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (off[i] >= 0 && params.get(i).type().array()) {
        arrayAdj.add(r.nextInt(6) == 0 ? null : randomShaped(args[i], r, false));
      }
    }
    double[] before = adj == null ? null : adj.clone();
    Object[] arrayBefore = deepCopy(arrayAdj.toArray());
    stage = api + "Pullback";
    Object pulled = pullback(grad, api, method, types, args, seed, adj, at, arrayAdj.toArray());
    if ((changed = unchanged(method, args, pristine, api + "Pullback")) != null) {
      return changed;
    }
    if (!same(number(pulled), plain)) {
      return new Mismatch("pullback", api + "Pullback returned " + number(pulled) + ", the method returns " + plain);
    }
    for (int i = 0; adj != null && i < adj.length; i++) {
      if (i >= at && i < at + nScalar) {
        Mismatch mm = accumulated(api + "Pullback(seed " + seed + ", at " + at + "): adj[" + i + "]", adj[i], before[i], seed, slot[i - at], ref, rtol);
        if (mm != null) {
          return mm;
        }
      } else if (Double.doubleToRawLongBits(adj[i]) != Double.doubleToRawLongBits(before[i])) {
        return new Mismatch("pullback", api + "Pullback(at " + at + ", " + nScalar + " slots) changed adj[" + i + "] from " + before[i] + " to " + adj[i]);
      }
    }
    for (int i = 0, a = 0; i < params.size(); i++) {
      if (off[i] < 0 || !params.get(i).type().array()) {
        continue;
      }
      Object after = arrayAdj.get(a);
      Object was = arrayBefore[a++];
      if (after == null) {
        continue;
      }
      List<Double> fa = new ArrayList<>();
      List<Double> fb = new ArrayList<>();
      flatten(after, fa);
      flatten(was, fb);
      String name = params.get(i).name() + "Adj";
      for (int j = 0; j < fa.size(); j++) {
        Mismatch mm = accumulated(api + "Pullback(seed " + seed + "): " + name + " entry " + j + " (row-major)", fa.get(j), fb.get(j), seed, off[i] + j, ref, rtol);
        if (mm != null) {
          return mm;
        }
      }
    }

    // Dot-product test: <J v, w> = <v, J^T w>, tangent against pullback with seed w.
    double wSeed = method.ret() == JType.FLOAT ? (float) (r.nextDouble() * 2 - 1) : r.nextDouble() * 2 - 1;
    double[] jadj = nScalar == 0 ? null : new double[nScalar];
    List<Object> jarrays = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (off[i] >= 0 && params.get(i).type().array()) {
        jarrays.add(randomShaped(args[i], r, true));
      }
    }
    pullback(grad, api, method, types, args, wSeed, jadj, 0, jarrays.toArray());
    double[] jt = new double[n];
    for (int k = 0; k < nScalar; k++) {
      jt[slot[k]] = jadj[k];
    }
    for (int i = 0, a = 0; i < params.size(); i++) {
      if (off[i] >= 0 && params.get(i).type().array()) {
        List<Double> flat = new ArrayList<>();
        flatten(jarrays.get(a++), flat);
        for (int j = 0; j < flat.size(); j++) {
          jt[off[i] + j] = flat.get(j);
        }
      }
    }
    double lhs = tangent * wSeed;
    double rhs = 0;
    for (int i = 0; i < n; i++) {
      rhs += v[i] * jt[i];
    }
    if (!forwardNan && !closeScaled(lhs, rhs, Math.abs(wSeed) * scale, rtol)) {
      return new Mismatch("dot", "<J v, w> = " + lhs + " but <v, J^T w> = " + rhs + " (v " + Arrays.toString(v) + ", w " + wSeed + ")", !Double.isFinite(lhs) || !Double.isFinite(rhs));
    }
    return null;
  }

  /** Checks {@code got == was + seed * gradient[k]}. */
  private static Mismatch accumulated(String what, double got, double was, double seed, int k, Reference.Result ref, double rtol) {
    double g = ref.gradient()[k];
    double expected = was + seed * g;
    double tol = rtol * Math.abs(seed) * (Math.abs(g) + ref.magnitude()[k]) + 4 * Math.ulp(Math.abs(was) + Math.abs(expected)) + ATOL;
    if (!(Math.abs(got - expected) <= tol)) {
      return new Mismatch("pullback", what + " = " + got + ", expected " + was + " + " + seed + " * " + g + " = " + expected + "\n" + gradientLine(ref), !Double.isFinite(got));
    }
    return null;
  }

  /** A mismatch if a call changed an argument (arrays are compared deeply, bit for bit). */
  private static Mismatch unchanged(Ast.Method method, Object[] args, Object[] pristine, String call) {
    for (int i = 0; i < args.length; i++) {
      if (!identical(args[i], pristine[i])) {
        return new Mismatch("mutation", call + " changed its argument " + method.params().get(i).name() + ": " + describe(pristine[i]) + " became " + describe(args[i]));
      }
    }
    return null;
  }

  private static boolean sameShape(Object a, Object b) {
    if (a instanceof double[] x && b instanceof double[] y) {
      return x.length == y.length;
    }
    if (a instanceof double[][] x && b instanceof double[][] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (x[i] == null || x[i].length != y[i].length) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean shares(double[][] a, double[][] b) {
    for (double[] x : a) {
      for (double[] y : b) {
        if (x == y) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describe(Object o) {
    return o instanceof Object[] || o instanceof double[] ? Arrays.deepToString(new Object[] {o}) : String.valueOf(o);
  }

  private Object pullback(String grad, String api, Ast.Method method, Class<?>[] types, Object[] args, double seed, double[] adj, int at, Object[] arrayAdj)
      throws ReflectiveOperationException {
    List<Class<?>> pt = new ArrayList<>(Arrays.asList(types));
    List<Object> pa = new ArrayList<>(Arrays.asList(args));
    pt.add(method.ret().cls);
    pa.add(method.ret() == JType.FLOAT ? (Object) (float) seed : (Object) seed);
    if (adj != null) {
      pt.add(double[].class);
      pa.add(adj);
      pt.add(int.class);
      pa.add(at);
    }
    int a = 0;
    for (Param q : method.params()) {
      if (method.differentiable(q) && q.type().array()) {
        pt.add(q.type().cls);
        pa.add(arrayAdj[a++]);
      }
    }
    return method(grad, api + "Pullback", pt.toArray(new Class<?>[0])).invoke(null, pa.toArray());
  }

  private static String gradientLine(Reference.Result ref) {
    return "  reference gradient " + Arrays.toString(ref.gradient()) + ", magnitudes " + Arrays.toString(ref.magnitude());
  }

  private Method method(String cls, String name, Class<?>[] types) throws NoSuchMethodException {
    String key = cls + "#" + name + Arrays.toString(types);
    Method m = cache.get(key);
    if (m == null) {
      m = compiled.load(cls).getDeclaredMethod(name, types);
      m.setAccessible(true);
      cache.put(key, m);
    }
    return m;
  }

  private static Class<?>[] types(List<Param> params) {
    Class<?>[] t = new Class<?>[params.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = params.get(i).type().cls;
    }
    return t;
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  /** Equal values (0.0 and -0.0 count as equal; NaN equals NaN). */
  static boolean same(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }

  static boolean close(double got, double want, double magnitude, double rtol) {
    return Math.abs(got - want) <= rtol * (Math.abs(want) + magnitude) + ATOL;
  }

  static boolean closeScaled(double got, double want, double scale, double rtol) {
    return Math.abs(got - want) <= rtol * (Math.abs(want) + scale) + ATOL;
  }

  static String stack(Throwable t) {
    StringWriter s = new StringWriter();
    t.printStackTrace(new PrintWriter(s));
    String[] lines = s.toString().split("\n");
    return String.join("\n", Arrays.asList(lines).subList(0, Math.min(8, lines.length)));
  }

  private static String array(double[] x) {
    List<String> s = new ArrayList<>();
    for (double v : x) {
      s.add(Double.toString(v));
    }
    return "new double[] {" + String.join(", ", s) + "}";
  }

  /** A deep copy of the arguments (arrays and matrices copied). */
  static Object[] deepCopy(Object[] args) {
    Object[] c = args.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = copy(c[i]);
    }
    return c;
  }

  static Object copy(Object a) {
    if (a instanceof double[] x) {
      return x.clone();
    }
    if (a instanceof double[][] x) {
      double[][] c = new double[x.length][];
      for (int i = 0; i < x.length; i++) {
        c[i] = x[i] == null ? null : x[i].clone();
      }
      return c;
    }
    return a;
  }

  /** Flattens a scalar, an array or a matrix (row-major) into {@code out}. */
  static void flatten(Object a, List<Double> out) {
    if (a instanceof double[] x) {
      for (double v : x) {
        out.add(v);
      }
    } else if (a instanceof double[][] x) {
      for (double[] row : x) {
        flatten(row, out);
      }
    } else {
      out.add(((Number) a).doubleValue());
    }
  }

  /** Whether {@code a} and {@code b} are bit for bit equal (deeply). */
  static boolean identical(Object a, Object b) {
    return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
  }

  /** A random array of the shape of {@code like} (a double[] or double[][]), entries in [-1, 1) or 0. */
  static Object randomShaped(Object like, Random r, boolean zeros) {
    if (like instanceof double[] x) {
      double[] c = new double[x.length];
      for (int i = 0; i < c.length && !zeros; i++) {
        c[i] = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 2 - 1;
      }
      return c;
    }
    double[][] x = (double[][]) like;
    double[][] c = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      c[i] = (double[]) randomShaped(x[i], r, zeros);
    }
    return c;
  }

  static String format(Object[] args) {
    List<String> s = new ArrayList<>();
    for (Object a : args) {
      if (a instanceof double[] x) {
        s.add(array(x));
      } else if (a instanceof double[][] x) {
        List<String> rows = new ArrayList<>();
        for (double[] row : x) {
          rows.add(array(row).substring("new double[] ".length()));
        }
        s.add("new double[][] {" + String.join(", ", rows) + "}");
      } else if (a instanceof Double d) {
        s.add(Double.toString(d));
      } else if (a instanceof Float f) {
        s.add(f + "f");
      } else if (a instanceof Long l) {
        s.add(l + "L");
      } else {
        s.add(String.valueOf(a).toLowerCase(Locale.ROOT));
      }
    }
    return String.join(", ", s);
  }
}
