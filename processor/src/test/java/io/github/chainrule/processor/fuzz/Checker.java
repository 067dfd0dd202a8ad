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
    List<Param> diff = method.diffParams();
    int n = diff.size();
    String owner = p.qualified(method.owner());
    String grad = owner + "_Grad";
    String api = p.apiName(m);
    Class<?>[] types = types(method.params());

    // The plain method: the reference must reproduce it exactly (else the fuzzer is wrong).
    stage = "the plain method " + method.name();
    double plain = number(method(owner, method.name(), types).invoke(null, args));
    if (!same(plain, ref.value())) {
      return new Mismatch("reference", "the reference's value " + ref.value() + " differs from the plain method's " + plain + " (a fuzzer bug)");
    }

    // The gradient record.
    stage = api + " (the gradient)";
    Object record = method(grad, api, types).invoke(null, args);
    double value = Compiled.component(record, "value");
    if (!same(value, plain)) {
      return new Mismatch("value", api + "(...).value() = " + value + ", the method returns " + plain);
    }
    for (int i = 0; i < n; i++) {
      String c = "d" + Character.toUpperCase(diff.get(i).name().charAt(0)) + diff.get(i).name().substring(1);
      double got = Compiled.component(record, c);
      double want = ref.gradient()[i];
      if (!close(got, want, ref.magnitude()[i], rtol)) {
        return new Mismatch("gradient", api + "(...)." + c + "() = " + got + ", expected " + want + " (magnitude " + ref.magnitude()[i] + ")\n" + gradientLine(ref), !Double.isFinite(got));
      }
    }

    // The tangent in a random direction.
    double[] v = new double[n];
    List<Object> targs = new ArrayList<>();
    List<Class<?>> ttypes = new ArrayList<>();
    int k = 0;
    double want = 0;
    double scale = 0;
    for (int i = 0; i < args.length; i++) {
      Param q = method.params().get(i);
      targs.add(args[i]);
      ttypes.add(q.type().cls);
      if (method.differentiable(q)) {
        double d = r.nextDouble() * 2 - 1;
        if (q.type() == JType.FLOAT) {
          d = (float) d;
        }
        v[k] = d;
        want += d * ref.gradient()[k];
        scale += Math.abs(d) * (Math.abs(ref.gradient()[k]) + ref.magnitude()[k]);
        targs.add(q.type() == JType.FLOAT ? (Object) (float) d : (Object) d);
        ttypes.add(q.type().cls);
        k++;
      }
    }
    stage = api + "Tangent";
    double tangent = number(method(grad, api + "Tangent", ttypes.toArray(new Class<?>[0])).invoke(null, targs.toArray()));
    // Documented: forward mode gives 0 * Infinity = NaN where a zero tangent meets an infinite
    // partial (sqrt at 0 ...). Only a NaN is let through, and only where the reference met one.
    boolean forwardNan = Double.isNaN(tangent) && ref.singular();
    if (!forwardNan && !closeScaled(tangent, want, scale, rtol)) {
      return new Mismatch("tangent", api + "Tangent(direction " + Arrays.toString(v) + ") = " + tangent + ", expected " + want + "\n" + gradientLine(ref), !Double.isFinite(tangent));
    }

    // The pullback: adds seed * gradient to adj[at..], leaves the rest alone, returns the value.
    double seed = r.nextDouble() * 4 - 2;
    if (method.ret() == JType.FLOAT) {
      seed = (float) seed;
    }
    int at = r.nextInt(3);
    double[] adj = new double[at + n + 2];
    for (int i = 0; i < adj.length; i++) {
      adj[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 2 - 1;
    }
    double[] before = adj.clone();
    stage = api + "Pullback";
    Object pulled = pullback(grad, api, types, args, seed, method.ret(), adj, at);
    if (!same(number(pulled), plain)) {
      return new Mismatch("pullback", api + "Pullback returned " + number(pulled) + ", the method returns " + plain);
    }
    for (int i = 0; i < adj.length; i++) {
      if (i >= at && i < at + n) {
        double g = ref.gradient()[i - at];
        double expected = before[i] + seed * g;
        double tol = rtol * Math.abs(seed) * (Math.abs(g) + ref.magnitude()[i - at]) + 4 * Math.ulp(Math.abs(before[i]) + Math.abs(expected)) + ATOL;
        if (!(Math.abs(adj[i] - expected) <= tol)) {
          return new Mismatch("pullback", api + "Pullback(seed " + seed + ", at " + at + "): adj[" + i + "] = " + adj[i] + ", expected " + before[i] + " + " + seed + " * " + g + " = " + expected + "\n" + gradientLine(ref), !Double.isFinite(adj[i]));
        }
      } else if (Double.doubleToRawLongBits(adj[i]) != Double.doubleToRawLongBits(before[i])) {
        return new Mismatch("pullback", api + "Pullback(at " + at + ", " + n + " slots) changed adj[" + i + "] from " + before[i] + " to " + adj[i]);
      }
    }

    // Dot-product test: <J v, w> = <v, J^T w>, tangent against pullback with seed w.
    double wSeed = method.ret() == JType.FLOAT ? (float) (r.nextDouble() * 2 - 1) : r.nextDouble() * 2 - 1;
    double[] jt = new double[n];
    pullback(grad, api, types, args, wSeed, method.ret(), jt, 0);
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

  private Object pullback(String grad, String api, Class<?>[] types, Object[] args, double seed, JType ret, double[] adj, int at)
      throws ReflectiveOperationException {
    Class<?>[] pt = Arrays.copyOf(types, types.length + 3);
    pt[types.length] = ret.cls;
    pt[types.length + 1] = double[].class;
    pt[types.length + 2] = int.class;
    Object[] pa = Arrays.copyOf(args, args.length + 3);
    pa[args.length] = ret == JType.FLOAT ? (Object) (float) seed : (Object) seed;
    pa[args.length + 1] = adj;
    pa[args.length + 2] = at;
    return method(grad, api + "Pullback", pt).invoke(null, pa);
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

  static String format(Object[] args) {
    List<String> s = new ArrayList<>();
    for (Object a : args) {
      if (a instanceof Double d) {
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
