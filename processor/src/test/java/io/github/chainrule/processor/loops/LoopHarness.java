package io.github.chainrule.processor.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chainrule.Tape;
import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * The machinery of the loop and array tests: {@code @Differentiable} methods whose parameters may
 * be arrays ({@code double[]}, {@code double[][]}, {@code float[]}, {@code float[][]}, and constant
 * {@code int[]}, {@code long[]}, {@code boolean[]}), each with an independent reference: the same
 * program written by hand over Hipparchus {@link DerivativeStructure}s, one variable per scalar
 * parameter and per array element.
 *
 * <p>The checks call the generated gradient record, the tangent (along unit, random and
 * partly-null directions) and both pullback overloads (seeded, at an offset, into pre-filled
 * adjoint arrays, twice in a row, with null adjoint arrays, with a tape of its own), and compare
 * with the reference and with five-point central differences of the compiled primal. After every
 * call the inputs must be unchanged and the thread's {@link Tape} empty. Nothing here derives an
 * expectation from generated output.
 *
 * <p>Every element of a differentiable array parameter is a slot of the flat gradient, in
 * parameter order, rows in order (rows may differ in length).
 */
final class LoopHarness {
  static final String PKG = "demo";

  /** The seed of the pullback checks: not 1, so that a pullback ignoring its seed fails. */
  static final double SEED = 2.5;

  /** What the scalar adjoint array holds before a pullback: it must be added to. */
  private static final double[] PREFILL = {0.5, 7.0, -3.0, 11.0, -5.0, 2.0, 13.0, -17.0, 0.25, 3.0, -9.0, 6.0};

  private LoopHarness() {}

  // ---- Parameters ------------------------------------------------------------------------------

  /** The parameter types the tests use. */
  enum Kind {
    D(double.class, "double"),
    F(float.class, "float"),
    I(int.class, "int"),
    J(long.class, "long"),
    Z(boolean.class, "boolean"),
    D1(double[].class, "double[]"),
    D2(double[][].class, "double[][]"),
    F1(float[].class, "float[]"),
    F2(float[][].class, "float[][]"),
    I1(int[].class, "int[]"),
    J1(long[].class, "long[]"),
    Z1(boolean[].class, "boolean[]");

    final Class<?> type;
    final String javaName;

    Kind(Class<?> type, String javaName) {
      this.type = type;
      this.javaName = javaName;
    }

    boolean real() {
      return this == D || this == F || this == D1 || this == D2 || this == F1 || this == F2;
    }

    boolean isFloat() {
      return this == F || this == F1 || this == F2;
    }

    boolean isArray() {
      return type.isArray();
    }

    static Kind of(String javaName) {
      for (Kind k : values()) {
        if (k.javaName.equals(javaName)) {
          return k;
        }
      }
      throw new IllegalArgumentException("type " + javaName);
    }
  }

  record Param(String name, Kind kind, boolean wrt) {
    boolean differentiable() {
      return wrt && kind.real();
    }

    String component() {
      return "d" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
  }

  /** The reference program over derivative structures. */
  @FunctionalInterface
  interface Ref {
    DerivativeStructure apply(In in);
  }

  /** The arguments of one reference evaluation, by parameter name. */
  static final class In {
    private final DSFactory factory;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    In(DSFactory factory) {
      this.factory = factory;
    }

    /** A differentiable (or constant) scalar parameter. */
    DerivativeStructure d(String name) {
      return (DerivativeStructure) get(name);
    }

    /** A 1-D real array parameter. */
    DerivativeStructure[] v(String name) {
      return (DerivativeStructure[]) get(name);
    }

    /** A 2-D real array parameter. */
    DerivativeStructure[][] m(String name) {
      return (DerivativeStructure[][]) get(name);
    }

    int i(String name) {
      return (Integer) get(name);
    }

    long j(String name) {
      return (Long) get(name);
    }

    boolean z(String name) {
      return (Boolean) get(name);
    }

    int[] ints(String name) {
      return (int[]) get(name);
    }

    long[] longs(String name) {
      return (long[]) get(name);
    }

    boolean[] bools(String name) {
      return (boolean[]) get(name);
    }

    /** A constant. */
    DerivativeStructure c(double x) {
      return factory.constant(x);
    }

    /** A new array of zeros, as {@code new double[n]}. */
    DerivativeStructure[] zeros(int n) {
      DerivativeStructure[] z = new DerivativeStructure[n];
      Arrays.fill(z, factory.constant(0));
      return z;
    }

    DerivativeStructure[][] zeros(int n, int m) {
      DerivativeStructure[][] z = new DerivativeStructure[n][];
      for (int i = 0; i < n; i++) {
        z[i] = zeros(m);
      }
      return z;
    }

    /** Counts an event (an iteration, a break taken) for the case's path expectations. */
    void tick(String what) {
      counts.merge(what, 1, Integer::sum);
    }

    Map<String, Integer> counts() {
      return counts;
    }

    private Object get(String name) {
      Object o = values.get(name);
      if (o == null && !values.containsKey(name)) {
        throw new IllegalArgumentException("no parameter " + name);
      }
      return o;
    }
  }

  /** One {@code @Differentiable} method under test. */
  static final class Fn {
    final String owner;
    final String method;
    final Kind ret;
    final List<Param> params = new ArrayList<>();
    final String body;
    final Ref ref;
    String[] wrt = {};
    /** Relative tolerance against the reference, scaled by |partial| + max |partial|. */
    double rel;
    /** Relative tolerance against finite differences. */
    double fdRel;

    Fn(String owner, String signature, String body, Ref ref) {
      Matcher m = Pattern.compile("\\s*(\\w+)\\s+(\\w+)\\s*\\((.*)\\)\\s*").matcher(signature);
      if (!m.matches()) {
        throw new IllegalArgumentException(signature);
      }
      this.owner = owner;
      this.ret = Kind.of(m.group(1));
      this.method = m.group(2);
      for (String p : m.group(3).split(",")) {
        if (p.isBlank()) {
          continue;
        }
        String[] tn = p.trim().split("\\s+");
        params.add(new Param(tn[1], Kind.of(tn[0]), true));
      }
      this.body = body;
      this.ref = ref;
      boolean anyFloat = ret.isFloat() || params.stream().anyMatch(p -> p.kind().isFloat());
      this.rel = anyFloat ? 2e-5 : 1e-11;
      this.fdRel = anyFloat ? 2e-3 : 1e-7;
    }

    Fn wrt(String... names) {
      this.wrt = names;
      List<String> w = Arrays.asList(names);
      for (int i = 0; i < params.size(); i++) {
        Param p = params.get(i);
        params.set(i, new Param(p.name(), p.kind(), w.contains(p.name())));
      }
      return this;
    }

    Fn rel(double r) {
      this.rel = r;
      return this;
    }

    Fn fdRel(double r) {
      this.fdRel = r;
      return this;
    }

    String cls() {
      return PKG + "." + owner;
    }

    String gradCls() {
      return cls() + "_Grad";
    }

    Class<?>[] paramTypes() {
      return params.stream().map(p -> p.kind().type).toArray(Class<?>[]::new);
    }

    List<Param> differentiable() {
      return params.stream().filter(Param::differentiable).collect(Collectors.toList());
    }

    List<Param> scalarDifferentiable() {
      return params.stream().filter(p -> p.differentiable() && !p.kind().isArray()).collect(Collectors.toList());
    }

    List<Param> arrayDifferentiable() {
      return params.stream().filter(p -> p.differentiable() && p.kind().isArray()).collect(Collectors.toList());
    }

    boolean floatResult() {
      return ret == Kind.F;
    }

    String declaration() {
      StringBuilder b = new StringBuilder("  @Differentiable");
      if (wrt.length > 0) {
        b.append(Arrays.stream(wrt).map(w -> "\"" + w + "\"").collect(Collectors.joining(", ", "(wrt = {", "})")));
      }
      b.append("\n  public static ").append(ret.javaName).append(' ').append(method).append('(');
      b.append(params.stream().map(p -> p.kind().javaName + " " + p.name()).collect(Collectors.joining(", ")));
      b.append(") {\n");
      for (String line : body.strip().split("\n")) {
        b.append("    ").append(line.strip().isEmpty() ? "" : line.stripTrailing()).append('\n');
      }
      return b.append("  }\n").toString();
    }

    @Override
    public String toString() {
      return method;
    }
  }

  /** The source of class {@code demo.owner} with {@code members} and the methods of {@code fns}. */
  static String source(String owner, String members, List<Fn> fns) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(PKG).append(";\n\n");
    b.append("import io.github.chainrule.Differentiable;\n\n");
    b.append("public final class ").append(owner).append(" {\n");
    b.append("  private ").append(owner).append("() {}\n\n");
    if (!members.isEmpty()) {
      b.append(members).append('\n');
    }
    for (Fn f : fns) {
      if (f.owner.equals(owner)) {
        b.append(f.declaration()).append('\n');
      }
    }
    return b.append("}\n").toString();
  }

  /** Compiles, asserting success. */
  static Compiled compileClean(Map<String, String> sources) {
    Compiled c = Compiled.compile(sources);
    assertTrue(c.succeeded(), () -> "compilation failed:\n" + c.diagnostics() + "\n" + String.join("\n", sources.values()));
    return c;
  }

  // ---- Cases -----------------------------------------------------------------------------------

  /** A function at a point. */
  static final class Case {
    final Fn fn;
    final Object[] args;
    final String label;
    double rel;
    double fdRel;
    /** An absolute tolerance added to every comparison. */
    double abs;
    boolean finiteDifferences = true;
    String note = "";
    /** Path expectations: what the reference counted with {@link In#tick}. */
    final Map<String, Integer> trips = new LinkedHashMap<>();

    Case(Fn fn, String label, Object... raw) {
      if (raw.length != fn.params.size()) {
        throw new IllegalArgumentException(fn.method + " takes " + fn.params.size() + " arguments, given " + raw.length);
      }
      this.fn = fn;
      this.label = label;
      this.args = new Object[raw.length];
      for (int i = 0; i < raw.length; i++) {
        args[i] = convert(fn.params.get(i).kind(), raw[i]);
      }
      this.rel = fn.rel;
      this.fdRel = fn.fdRel;
    }

    /** Expects the reference to have counted {@code what} exactly {@code n} times. */
    Case trips(String what, int n) {
      trips.put(what, n);
      return this;
    }

    Case rel(double r) {
      this.rel = r;
      return this;
    }

    Case fdRel(double r) {
      this.fdRel = r;
      return this;
    }

    Case abs(double a) {
      this.abs = a;
      return this;
    }

    Case noFiniteDifferences(String why) {
      this.finiteDifferences = false;
      this.note = why;
      return this;
    }

    @Override
    public String toString() {
      return fn.method + "(" + label + ")";
    }
  }

  private static Object convert(Kind k, Object raw) {
    return switch (k) {
      case D -> ((Number) raw).doubleValue();
      case F -> ((Number) raw).floatValue();
      case I -> ((Number) raw).intValue();
      case J -> ((Number) raw).longValue();
      case Z -> (Boolean) raw;
      case D1 -> ((double[]) raw).clone();
      case D2 -> deepCopy(raw);
      case F1 -> raw instanceof float[] f ? f.clone() : toFloat((double[]) raw);
      case F2 -> {
        if (raw instanceof float[][] f) {
          yield deepCopy(f);
        }
        double[][] d = (double[][]) raw;
        float[][] f = new float[d.length][];
        for (int i = 0; i < d.length; i++) {
          f[i] = toFloat(d[i]);
        }
        yield f;
      }
      case I1 -> ((int[]) raw).clone();
      case J1 -> ((long[]) raw).clone();
      case Z1 -> ((boolean[]) raw).clone();
    };
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** A deep copy of an argument (arrays copied, rows too). */
  static Object deepCopy(Object o) {
    if (o instanceof double[] a) {
      return a.clone();
    } else if (o instanceof float[] a) {
      return a.clone();
    } else if (o instanceof int[] a) {
      return a.clone();
    } else if (o instanceof long[] a) {
      return a.clone();
    } else if (o instanceof boolean[] a) {
      return a.clone();
    } else if (o instanceof Object[] a) {
      Object[] c = a.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] = deepCopy(c[i]);
      }
      return c;
    }
    return o;
  }

  static Object[] deepCopy(Object[] args) {
    Object[] c = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      c[i] = deepCopy(args[i]);
    }
    return c;
  }

  /** Asserts that {@code args} still equal {@code copy}, element by element, bit for bit. */
  static void assertUnchanged(String what, Object[] copy, Object[] args) {
    for (int i = 0; i < args.length; i++) {
      assertTrue(Arrays.deepEquals(new Object[] {copy[i]}, new Object[] {args[i]}), what + ": changed argument " + i + ": was " + Arrays.deepToString(new Object[] {copy[i]}) + ", now " + Arrays.deepToString(new Object[] {args[i]}));
    }
  }

  static void assertTapeEmpty(String what) {
    Tape t = Tape.forThread();
    if (!t.isEmpty()) {
      t.clear(); // so that the next check starts clean
      fail(what + ": the thread's tape is not empty after the call (a push without its pop)");
    }
  }

  // ---- Slots: the flat view of the differentiable inputs --------------------------------------

  /** One differentiable scalar: a parameter, or an element of one. */
  record Slot(int param, int row, int col, String name) {}

  static List<Slot> slots(Fn f, Object[] args) {
    List<Slot> s = new ArrayList<>();
    for (int p = 0; p < f.params.size(); p++) {
      Param q = f.params.get(p);
      if (!q.differentiable()) {
        continue;
      }
      Object a = args[p];
      switch (q.kind()) {
        case D, F -> s.add(new Slot(p, -1, -1, q.name()));
        case D1, F1 -> {
          for (int i = 0; i < length(a); i++) {
            s.add(new Slot(p, i, -1, q.name() + "[" + i + "]"));
          }
        }
        case D2, F2 -> {
          Object[] rows = (Object[]) a;
          for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < length(rows[i]); j++) {
              s.add(new Slot(p, i, j, q.name() + "[" + i + "][" + j + "]"));
            }
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    return s;
  }

  private static int length(Object array) {
    return java.lang.reflect.Array.getLength(array);
  }

  /** The value of a slot in {@code args}. */
  static double get(Object[] args, Slot s) {
    Object a = args[s.param()];
    if (s.row() < 0) {
      return ((Number) a).doubleValue();
    }
    if (s.col() >= 0) {
      a = ((Object[]) a)[s.row()];
      return java.lang.reflect.Array.getDouble(a, s.col());
    }
    return java.lang.reflect.Array.getDouble(a, s.row());
  }

  /** Sets a slot in {@code args} (whose arrays must be copies), rounding for float parameters. */
  static void set(Fn f, Object[] args, Slot s, double v) {
    Kind k = f.params.get(s.param()).kind();
    if (s.row() < 0) {
      args[s.param()] = k == Kind.F ? (Object) (float) v : (Object) v;
      return;
    }
    Object a = args[s.param()];
    int index = s.row();
    if (s.col() >= 0) {
      a = ((Object[]) a)[s.row()];
      index = s.col();
    }
    if (a instanceof float[] fa) {
      fa[index] = (float) v;
    } else {
      ((double[]) a)[index] = v;
    }
  }

  /**
   * Per differentiable parameter, a value of its type (and shape) holding {@code flat}'s slots:
   * Double/Float for scalars, arrays of the argument's shape. The order is that of {@link
   * Fn#differentiable()}.
   */
  static Object[] unflatten(Fn f, Object[] args, double[] flat) {
    List<Param> d = f.differentiable();
    Object[] out = new Object[d.size()];
    int slot = 0;
    int j = 0;
    for (int p = 0; p < f.params.size(); p++) {
      Param q = f.params.get(p);
      if (!q.differentiable()) {
        continue;
      }
      Object shape = args[p];
      switch (q.kind()) {
        case D -> out[j] = flat[slot++];
        case F -> out[j] = (float) flat[slot++];
        case D1 -> {
          double[] a = new double[length(shape)];
          for (int i = 0; i < a.length; i++) {
            a[i] = flat[slot++];
          }
          out[j] = a;
        }
        case F1 -> {
          float[] a = new float[length(shape)];
          for (int i = 0; i < a.length; i++) {
            a[i] = (float) flat[slot++];
          }
          out[j] = a;
        }
        case D2 -> {
          Object[] rows = (Object[]) shape;
          double[][] a = new double[rows.length][];
          for (int i = 0; i < rows.length; i++) {
            a[i] = new double[length(rows[i])];
            for (int k = 0; k < a[i].length; k++) {
              a[i][k] = flat[slot++];
            }
          }
          out[j] = a;
        }
        case F2 -> {
          Object[] rows = (Object[]) shape;
          float[][] a = new float[rows.length][];
          for (int i = 0; i < rows.length; i++) {
            a[i] = new float[length(rows[i])];
            for (int k = 0; k < a[i].length; k++) {
              a[i][k] = (float) flat[slot++];
            }
          }
          out[j] = a;
        }
        default -> throw new IllegalStateException();
      }
      j++;
    }
    return out;
  }

  /** Appends the numbers of a real value or array to {@code out} (row by row). */
  static void flatten(Object value, List<Double> out) {
    if (value instanceof Number n) {
      out.add(n.doubleValue());
    } else if (value instanceof double[] a) {
      for (double x : a) {
        out.add(x);
      }
    } else if (value instanceof float[] a) {
      for (float x : a) {
        out.add((double) x);
      }
    } else if (value instanceof Object[] rows) {
      for (Object r : rows) {
        flatten(r, out);
      }
    } else {
      throw new IllegalArgumentException(String.valueOf(value));
    }
  }

  /** Asserts that {@code actual} is an array of {@code like}'s shape and type (rows too). */
  static void assertSameShape(String what, Object like, Object actual) {
    assertTrue(actual != null, what + ": null");
    assertEquals(like.getClass(), actual.getClass(), what + ": type");
    assertEquals(length(like), length(actual), what + ": length");
    if (like instanceof Object[] rows) {
      for (int i = 0; i < rows.length; i++) {
        assertSameShape(what + "[" + i + "]", rows[i], ((Object[]) actual)[i]);
      }
    }
  }

  // ---- Reflection ------------------------------------------------------------------------------

  static Object call(Compiled c, String cls, String name, Class<?>[] types, Object[] args) {
    Method m;
    try {
      m = c.load(cls).getMethod(name, types);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          "no method " + name + Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"))
              + " in " + cls + "; generated:\n" + c.generatedSource(cls),
          e);
    }
    try {
      return m.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      Tape.forThread().clear();
      throw new AssertionError(name + " threw " + e.getCause(), e.getCause());
    }
  }

  static double primal(Compiled c, Fn f, Object[] args) {
    return ((Number) call(c, f.cls(), f.method, f.paramTypes(), args)).doubleValue();
  }

  /** The record: {value, flat gradient}; checks component names, types and shapes. */
  static double[] gradient(Compiled c, Fn f, Object[] args) {
    Object record = call(c, f.gradCls(), f.method, f.paramTypes(), args);
    List<String> expectedComponents = new ArrayList<>();
    expectedComponents.add("value");
    List<Double> flat = new ArrayList<>();
    flat.add(((Number) componentObject(record, "value", f.ret.type)).doubleValue());
    for (int p = 0; p < f.params.size(); p++) {
      Param q = f.params.get(p);
      if (!q.differentiable()) {
        continue;
      }
      expectedComponents.add(q.component());
      Object v = componentObject(record, q.component(), q.kind().type);
      if (q.kind().isArray()) {
        assertSameShape(f.method + " record component " + q.component(), args[p], v);
        assertNotSame(args[p], v, f.method + " record component " + q.component() + " is the input array itself");
      }
      flatten(v, flat);
    }
    List<String> actual = Arrays.stream(record.getClass().getRecordComponents()).map(rc -> rc.getName()).toList();
    assertEquals(expectedComponents, actual, f.method + ": record components");
    return flat.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Object componentObject(Object record, String name, Class<?> type) {
    try {
      Method m = record.getClass().getMethod(name);
      assertEquals(type, m.getReturnType(), record.getClass().getSimpleName() + "." + name + " type");
      return m.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no component " + name + " in " + record, e);
    }
  }

  /** The tangent: {@code dots} holds one value per differentiable parameter (null allowed for arrays). */
  static double tangent(Compiled c, Fn f, Object[] args, Object[] dots) {
    List<Class<?>> types = new ArrayList<>();
    List<Object> a = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < args.length; i++) {
      Param p = f.params.get(i);
      types.add(p.kind().type);
      a.add(args[i]);
      if (p.differentiable()) {
        types.add(p.kind().type);
        a.add(dots[j++]);
      }
    }
    Object r = call(c, f.gradCls(), f.method + "Tangent", types.toArray(Class<?>[]::new), a.toArray());
    assertEquals(f.ret.type, r instanceof Float ? float.class : double.class, f.method + "Tangent result type");
    return ((Number) r).doubleValue();
  }

  /**
   * The pullback: {@code adj, at} for the scalar slots (passed only where the method has scalar
   * differentiable parameters), {@code arrayAdj} one per differentiable array parameter (null
   * allowed), {@code tape} null for the overload without one.
   */
  static double pullback(Compiled c, Fn f, Object[] args, double seed, double[] adj, int at, Object[] arrayAdj, Tape tape) {
    List<Class<?>> types = new ArrayList<>(Arrays.asList(f.paramTypes()));
    List<Object> a = new ArrayList<>(Arrays.asList(args));
    types.add(f.ret.type);
    a.add(f.floatResult() ? (Object) (float) seed : (Object) seed);
    if (!f.scalarDifferentiable().isEmpty()) {
      types.add(double[].class);
      a.add(adj);
      types.add(int.class);
      a.add(at);
    }
    List<Param> arrays = f.arrayDifferentiable();
    for (int i = 0; i < arrays.size(); i++) {
      types.add(arrays.get(i).kind().type);
      a.add(arrayAdj[i]);
    }
    if (tape != null) {
      types.add(Tape.class);
      a.add(tape);
    }
    Object r = call(c, f.gradCls(), f.method + "Pullback", types.toArray(Class<?>[]::new), a.toArray());
    assertEquals(f.ret.type, r instanceof Float ? float.class : double.class, f.method + "Pullback result type");
    return ((Number) r).doubleValue();
  }

  // ---- The reference ---------------------------------------------------------------------------

  /** Hipparchus: {value, flat gradient}; checks the case's path expectations. */
  static double[] reference(Case k) {
    Fn f = k.fn;
    List<Slot> slots = slots(f, k.args);
    int n = slots.size();
    DSFactory factory = new DSFactory(Math.max(n, 1), 1);
    In in = new In(factory);
    int slot = 0;
    for (int p = 0; p < f.params.size(); p++) {
      Param q = f.params.get(p);
      Object a = k.args[p];
      boolean d = q.differentiable();
      switch (q.kind()) {
        case D, F -> in.values.put(q.name(), d ? factory.variable(slot++, ((Number) a).doubleValue()) : factory.constant(((Number) a).doubleValue()));
        case D1, F1 -> {
          DerivativeStructure[] v = new DerivativeStructure[length(a)];
          for (int i = 0; i < v.length; i++) {
            double x = java.lang.reflect.Array.getDouble(a, i);
            v[i] = d ? factory.variable(slot++, x) : factory.constant(x);
          }
          in.values.put(q.name(), v);
        }
        case D2, F2 -> {
          Object[] rows = (Object[]) a;
          DerivativeStructure[][] m = new DerivativeStructure[rows.length][];
          for (int i = 0; i < rows.length; i++) {
            m[i] = new DerivativeStructure[length(rows[i])];
            for (int j = 0; j < m[i].length; j++) {
              double x = java.lang.reflect.Array.getDouble(rows[i], j);
              m[i][j] = d ? factory.variable(slot++, x) : factory.constant(x);
            }
          }
          in.values.put(q.name(), m);
        }
        default -> in.values.put(q.name(), deepCopy(a));
      }
    }
    DerivativeStructure y = f.ref.apply(in);
    for (Map.Entry<String, Integer> e : k.trips.entrySet()) {
      assertEquals(e.getValue(), in.counts().getOrDefault(e.getKey(), 0), k + ": the point does not take the intended path: count of '" + e.getKey() + "' (test point)");
    }
    double[] out = new double[n + 1];
    out[0] = y.getValue();
    for (int i = 0; i < n; i++) {
      int[] orders = new int[Math.max(n, 1)];
      orders[i] = 1;
      out[i + 1] = y.getPartialDerivative(orders);
    }
    return out;
  }

  static double maxAbs(double[] r, int from) {
    double m = 0;
    for (int i = from; i < r.length; i++) {
      m = Math.max(m, Math.abs(r[i]));
    }
    return m;
  }

  static void assertClose(String what, double expected, double actual, double tol) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      assertTrue(Double.compare(expected, actual) == 0, () -> what + ": expected " + expected + " but was " + actual);
      return;
    }
    assertTrue(
        Math.abs(expected - actual) <= tol,
        () -> String.format(Locale.ROOT, "%s: expected %.17g but was %.17g (difference %.3g, tolerance %.3g)", what, expected, actual, Math.abs(expected - actual), tol));
  }

  /** The tolerance of a partial: relative to itself and to the largest partial. */
  static double tol(Case k, double[] r, int i) {
    return k.rel * (Math.abs(r[i]) + maxAbs(r, 1)) + k.abs;
  }

  // ---- The checks ------------------------------------------------------------------------------

  /** The record against Hipparchus; its value identical to the primal's. */
  static void checkGradient(Compiled c, Case k) {
    Object[] args = deepCopy(k.args);
    double primal = primal(c, k.fn, args);
    assertUnchanged(k + ": primal", k.args, args);
    double[] r = reference(k);
    assertClose(k + ": Hipparchus value vs primal (test reference)", r[0], primal, k.rel * Math.abs(r[0]) + k.abs + 1e-300);
    double[] g = gradient(c, k.fn, args);
    assertTapeEmpty(k + ": gradient record");
    assertUnchanged(k + ": gradient record", k.args, args);
    assertEquals(primal, g[0], 0.0, k + ": value of the gradient record differs from the method's own value");
    List<Slot> slots = slots(k.fn, k.args);
    assertEquals(r.length, g.length, k + ": number of partials");
    for (int i = 0; i < slots.size(); i++) {
      assertClose(k + ": d/d" + slots.get(i).name(), r[i + 1], g[i + 1], tol(k, r, i + 1));
    }
  }

  /** Five-point central differences of the compiled primal, slot by slot, against the record. */
  static void checkFiniteDifferences(Compiled c, Case k) {
    if (!k.finiteDifferences) {
      return;
    }
    double[] g = gradient(c, k.fn, deepCopy(k.args));
    assertTapeEmpty(k + ": gradient record");
    List<Slot> slots = slots(k.fn, k.args);
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      boolean isFloat = k.fn.params.get(s.param()).kind().isFloat() || k.fn.floatResult();
      double x = get(k.args, s);
      double h = (isFloat ? 1e-2 : 1e-4) * Math.max(1, Math.abs(x));
      h = Math.scalb(1.0, Math.getExponent(h));
      double[] fv = new double[4];
      double[] offsets = {-2, -1, 1, 2};
      double fmax = 0;
      for (int o = 0; o < 4; o++) {
        Object[] q = deepCopy(k.args);
        set(k.fn, q, s, x + offsets[o] * h);
        fv[o] = primal(c, k.fn, q);
        fmax = Math.max(fmax, Math.abs(fv[o]));
      }
      double fd = (fv[0] - 8 * fv[1] + 8 * fv[2] - fv[3]) / (12 * h);
      double eps = isFloat ? 0x1p-24 : 0x1p-53;
      double noise = 64 * 1.5 * eps * fmax / h;
      assertClose(k + ": d/d" + s.name() + " vs finite differences", fd, g[i + 1], k.fdRel * Math.abs(fd) + noise + k.abs);
    }
  }

  private static Random random(Case k, long salt) {
    return new Random(0x5EED_1005L + 31L * k.toString().hashCode() + salt);
  }

  private static double[] gaussian(int n, Random rnd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  /** The tangent along every unit direction, random directions, and with null array tangents. */
  static void checkTangent(Compiled c, Case k) {
    double[] r = reference(k);
    int n = r.length - 1;
    List<Slot> slots = slots(k.fn, k.args);
    Object[] args = deepCopy(k.args);
    for (int i = 0; i < n; i++) {
      double[] e = new double[n];
      e[i] = 1;
      double t = tangent(c, k.fn, args, unflatten(k.fn, k.args, e));
      assertTapeEmpty(k + ": tangent");
      assertClose(k + ": tangent along d" + slots.get(i).name(), r[i + 1], t, tol(k, r, i + 1));
    }
    assertUnchanged(k + ": tangent", k.args, args);
    Random rnd = random(k, 1);
    for (int trial = 0; trial < 3; trial++) {
      double[] dir = gaussian(n, rnd);
      Object[] dots = unflatten(k.fn, k.args, dir);
      Object[] dotsCopy = deepCopy(dots);
      double t = tangent(c, k.fn, args, dots);
      assertTapeEmpty(k + ": tangent");
      assertUnchanged(k + ": tangent changed its direction argument", dotsCopy, dots);
      expectDirectional(k, r, dir, t, "tangent along random direction " + trial);
    }
    // Null array tangents mean zero.
    List<Param> d = k.fn.differentiable();
    if (d.stream().anyMatch(p -> p.kind().isArray())) {
      double[] dir = gaussian(n, rnd);
      for (int i = 0; i < n; i++) {
        if (k.fn.params.get(slots.get(i).param()).kind().isArray()) {
          dir[i] = 0;
        }
      }
      Object[] dots = unflatten(k.fn, k.args, dir);
      for (int j = 0; j < d.size(); j++) {
        if (d.get(j).kind().isArray()) {
          dots[j] = null;
        }
      }
      double t = tangent(c, k.fn, args, dots);
      assertTapeEmpty(k + ": tangent");
      expectDirectional(k, r, dir, t, "tangent with null array tangents");
    }
    assertUnchanged(k + ": tangent", k.args, args);
  }

  private static void expectDirectional(Case k, double[] r, double[] dir, double actual, String what) {
    double expected = 0;
    double scale = 0;
    for (int i = 0; i < dir.length; i++) {
      expected += dir[i] * r[i + 1];
      scale += Math.abs(dir[i]) * (Math.abs(r[i + 1]) + maxAbs(r, 1));
    }
    assertClose(k + ": " + what, expected, actual, k.rel * scale + k.abs * dir.length);
  }

  /** Adjoint arrays of the differentiable array parameters, filled from {@code flat}. */
  static Object[] arrayAdjoints(Case k, double[] flat) {
    Object[] all = unflatten(k.fn, k.args, flat);
    List<Param> d = k.fn.differentiable();
    List<Object> arrays = new ArrayList<>();
    for (int j = 0; j < d.size(); j++) {
      if (d.get(j).kind().isArray()) {
        arrays.add(all[j]);
      }
    }
    return arrays.toArray();
  }

  /** The flat slots of the scalar adjoints (from adj at offset) and the array adjoints, in slot order. */
  static double[] collect(Case k, double[] adj, int at, Object[] arrayAdj) {
    double[] out = new double[slots(k.fn, k.args).size()];
    int slot = 0;
    int scalar = 0;
    int array = 0;
    for (Param p : k.fn.params) {
      if (!p.differentiable()) {
        continue;
      }
      if (p.kind().isArray()) {
        List<Double> l = new ArrayList<>();
        flatten(arrayAdj[array++], l);
        for (double v : l) {
          out[slot++] = v;
        }
      } else {
        out[slot++] = adj[at + scalar++];
      }
    }
    return out;
  }

  /**
   * The pullback through the thread's tape, twice, accumulating into pre-filled arrays at an
   * offset; with a tape of its own; with null array adjoints.
   */
  static void checkPullback(Compiled c, Case k) {
    double[] r = reference(k);
    int n = r.length - 1;
    List<Slot> slots = slots(k.fn, k.args);
    int scalars = k.fn.scalarDifferentiable().size();
    Object[] args = deepCopy(k.args);
    double primal = primal(c, k.fn, args);
    Random rnd = random(k, 2);
    boolean floats = k.fn.params.stream().anyMatch(p -> p.kind().isFloat() && p.differentiable());

    // 1. Thread tape, offset 2, pre-filled: twice, so that the second call finds a used tape.
    int at = 2;
    double[] adj = Arrays.copyOf(PREFILL, scalars + 4);
    double[] before = adj.clone();
    double[] fill = new double[n];
    for (int i = 0; i < n; i++) {
      fill[i] = Math.scalb((double) (rnd.nextInt(64) - 32), -3); // exact in float too
    }
    Object[] arrayAdj = arrayAdjoints(k, fill);
    Object[] arrayBefore = deepCopy(arrayAdj);
    double[] flatBefore = collect(k, before, at, arrayBefore);
    for (int call = 1; call <= 2; call++) {
      double value = pullback(c, k.fn, args, SEED, scalars > 0 ? adj : null, at, arrayAdj, null);
      String what = k + ": pullback call " + call;
      assertTapeEmpty(what);
      assertUnchanged(what, k.args, args);
      assertEquals(primal, value, 0.0, what + ": value differs from the method's own value");
      for (int i = 0; i < at; i++) {
        assertEquals(before[i], adj[i], 0.0, what + ": wrote below its offset");
      }
      for (int i = at + scalars; i < adj.length; i++) {
        assertEquals(before[i], adj[i], 0.0, what + ": wrote past its slots");
      }
      for (int j = 0; j < arrayAdj.length; j++) {
        assertSameShape(what + ": adjoint array " + j, arrayBefore[j], arrayAdj[j]);
      }
      double[] got = collect(k, adj, at, arrayAdj);
      for (int i = 0; i < n; i++) {
        double expected = flatBefore[i] + call * SEED * r[i + 1];
        // Rounding of the additions themselves: a few ulps, of float where the arrays are float.
        double ulp = Math.ulp(Math.abs(flatBefore[i]) + Math.abs(expected)) * (floats ? 0x1p29 : 1);
        double t = call * SEED * tol(k, r, i + 1) + 4 * ulp;
        assertClose(what + ": adjoint of " + slots.get(i).name() + " (pre-filled " + flatBefore[i] + ", seed " + SEED + ")", expected, got[i], t);
      }
    }

    // 2. A tape of its own that already holds values (the pullback must leave them as they
    // are), exact-size arrays at offset 0, seed -0.75.
    Tape tape = new Tape();
    Object marker = new Object();
    tape.pushDouble(-123.5);
    tape.pushInt(77);
    tape.pushLong(-5L);
    tape.pushBoolean(true);
    tape.pushRef(marker);
    double seed = -0.75;
    double[] adj2 = new double[scalars];
    Object[] arrayAdj2 = arrayAdjoints(k, new double[n]);
    double value = pullback(c, k.fn, args, seed, scalars > 0 ? adj2 : null, 0, arrayAdj2, tape);
    String what = k + ": pullback with its own tape";
    assertTrue(tape.popRef() == marker, what + ": the reference pushed before the call is not on top after it");
    assertTrue(tape.popBoolean(), what + ": the boolean pushed before the call changed");
    assertEquals(-5L, tape.popLong(), what + ": the long pushed before the call changed");
    assertEquals(77, tape.popInt(), what + ": the int pushed before the call changed");
    assertEquals(-123.5, tape.popDouble(), 0.0, what + ": the double pushed before the call changed");
    assertTrue(tape.isEmpty(), what + ": the tape passed is not as it was before the call");
    assertTapeEmpty(what + " (thread tape)");
    assertUnchanged(what, k.args, args);
    assertEquals(primal, value, 0.0, what + ": value");
    double[] got = collect(k, adj2, 0, arrayAdj2);
    for (int i = 0; i < n; i++) {
      assertClose(what + ": adjoint of " + slots.get(i).name(), seed * r[i + 1], got[i], Math.abs(seed) * tol(k, r, i + 1));
    }

    // 3. Null array adjoints (not wanted): no exception; the scalar slots still right.
    if (!k.fn.arrayDifferentiable().isEmpty()) {
      double[] adj3 = new double[scalars + 1];
      Object[] nulls = new Object[k.fn.arrayDifferentiable().size()];
      value = pullback(c, k.fn, args, SEED, scalars > 0 ? adj3 : null, 1, nulls, null);
      what = k + ": pullback with null array adjoints";
      assertTapeEmpty(what);
      assertUnchanged(what, k.args, args);
      assertEquals(primal, value, 0.0, what + ": value");
      assertEquals(0.0, adj3[0], 0.0, what + ": wrote below its offset");
      int s = 0;
      for (int i = 0; i < n; i++) {
        if (!k.fn.params.get(slots.get(i).param()).kind().isArray()) {
          assertClose(what + ": adjoint of " + slots.get(i).name(), SEED * r[i + 1], adj3[1 + s++], SEED * tol(k, r, i + 1));
        }
      }
    }
  }
}
