package io.github.chainrule.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The grammar's weights: one integer per construct, by name ({@code stmt.if}, {@code d.math},
 * {@code fn.atan2}, ...). Weight 0 switches a construct off. Override from the command line with
 * {@code -Dchainrule.fuzz.weights=stmt.if=0,fn.pow=10}. A new construct adds a default here and a
 * production in {@link Generator}.
 */
final class Weights {
  private static final Map<String, Integer> DEFAULTS = new LinkedHashMap<>();

  static {
    // Statements.
    d("stmt.decl", 12);
    d("stmt.declVar", 2); // var instead of the type (share of stmt.decl: stmt.declVar / 10)
    d("stmt.declSplit", 2); // T z; if (c) { z = a; } else { z = b; }
    d("stmt.assign", 5);
    d("stmt.compound", 5);
    d("stmt.incdec", 2);
    d("stmt.if", 5);
    d("stmt.earlyReturn", 3);
    d("stmt.block", 1);
    d("stmt.loop", 3);
    d("stmt.switch", 2); // switch on an int, arrow or colon form (fall-through, break, default)
    d("stmt.break", 2); // inside loops only
    d("stmt.continue", 2);
    d("stmt.array", 2); // a local double[]
    d("stmt.store", 5); // a[i] = e, a[i] op= e (when an array is in scope)

    // Arrays.
    d("array.new", 5); // new double[n]
    d("array.init", 4); // {a, b, c}
    d("array.clone", 2); // b.clone()
    d("array.alias", 1); // double[] c = b;
    d("d.load", 6); // a[i] (when an array is in scope)
    d("i.length", 1); // a.length

    // Array parameters, matrices, enhanced for.
    d("method.arrayParam", 20); // percent of @Differentiable methods with a double[] parameter
    d("method.matrixParam", 10); // percent with a double[][] parameter
    d("stmt.matrix", 1); // a local double[][] (new double[r][c] or an alias)
    d("stmt.row", 2); // double[] row = m[i] (when a matrix is in scope)
    d("stmt.store2", 3); // m[i][j] = e, m[i][j] op= e (local matrices)
    d("stmt.forEach", 3); // for (double e : a), for (double[] row : m)
    d("d.load2", 4); // m[i][j] (when a matrix is in scope)
    d("call.arrayArg", 3); // out of 10: an array argument written m[i] or new double[] {...}

    // Loops.
    d("loop.for", 5);
    d("loop.while", 2);
    d("loop.do", 2);
    d("loop.label", 20); // percent of loops with a label
    d("loop.extraCond", 30); // percent of loops with a condition besides the counter's
    d("loop.condUpdate", 30); // percent of while and do loops that count in the condition (it0++ < n)

    // Types of new locals and of operands of mixed arithmetic and comparisons.
    d("type.double", 20);
    d("type.int", 5);
    d("type.long", 1);
    d("type.float", 6); // only in methods that use float
    d("type.boolean", 2); // locals only

    // double expressions.
    d("d.var", 14);
    d("d.lit", 4);
    d("d.const", 2);
    d("d.arith", 12);
    d("d.mixed", 3); // double op int/long/float
    d("d.div", 4);
    d("d.rem", 1);
    d("d.neg", 2);
    d("d.plus", 1);
    d("d.math", 14);
    d("d.ternary", 3);
    // switch (i) { case 1, 2 -> a; default -> b; } as a double expression. Off by default: with it,
    // seed 5 (400 programs, stmt.switch=20,d.switch=10) found a javac bug (17 and 25): a class that
    // javac alone compiles into a VerifyError (inconsistent stackmap frames) when an if (true ...)
    // has a switch statement in its dead else and switch expressions follow. Opt in with d.switch=N.
    d("d.switch", 0);
    d("d.cast", 2);
    d("d.call", 4);
    d("d.assign", 1);
    d("d.incdec", 1);

    // float expressions (methods that use float).
    d("f.var", 14);
    d("f.lit", 3);
    d("f.const", 1);
    d("f.arith", 10);
    d("f.mixed", 2);
    d("f.div", 3);
    d("f.rem", 1);
    d("f.neg", 1);
    d("f.math", 3);
    d("f.ternary", 2);
    d("f.cast", 6);
    d("f.call", 2);
    d("f.assign", 1);
    d("f.incdec", 1);

    // int and long expressions.
    d("i.var", 10);
    d("i.lit", 6);
    d("i.const", 1);
    d("i.arith", 5);
    d("i.div", 2);
    d("i.neg", 1);
    d("i.cast", 4);
    d("i.math", 2);
    d("i.ternary", 1);
    d("i.incdec", 1);
    d("i.assign", 1);

    // boolean expressions.
    d("b.cmp", 14);
    d("b.and", 3);
    d("b.or", 3);
    d("b.not", 2);
    d("b.bitwise", 1);
    d("b.var", 2);
    d("b.lit", 1);
    d("b.eq", 1);

    // Math functions (d.math).
    for (String f :
        List.of(
            "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "exp", "expm1", "log",
            "log10", "log1p", "sqrt", "cbrt", "pow", "hypot", "abs", "max", "min", "signum", "floor", "ceil",
            "rint", "copySign", "fma", "toRadians", "toDegrees")) {
      d("fn." + f, 3);
    }
    d("fn.strict", 1); // StrictMath instead of Math, out of 10
    d("fn.intArg", 1); // an int operand of a Math function, out of 10

    // Domain guards: raw (no guard) against guarded forms.
    d("guard.raw", 1);
    d("guard.safe", 9);

    // Methods.
    d("method.float", 15); // percent of methods that use float
    d("method.floatReturn", 50); // percent of float methods that return float
    d("method.wrt", 15); // percent with an explicit wrt
    d("method.intParam", 30); // percent with an int parameter
    d("method.longParam", 5);
    d("method.boolParam", 15);
    d("method.overload", 5); // percent that reuse the name of an earlier method (other arity)
    d("method.secondClass", 20); // percent declared in the second class
    d("method.trickyNames", 15); // percent that use names like seed, adj, at, xDot, t, value
    d("method.qualifiedCall", 20); // percent of same-class calls written Owner.m(...)
    d("method.helper", 8); // percent of methods that are plain helpers (no @Differentiable)
    d("method.long", 1); // percent with a long body (250 to 450 statements: outlined)
    d("method.wide", 2); // percent with 64 to 79 floating parameters (a packed tangent)
    d("class.staticImport", 30); // percent of classes with import static java.lang.Math.*
    d("i.call", 1); // calls of int helpers
    d("b.call", 1); // calls of boolean helpers
  }

  private static void d(String key, int w) {
    DEFAULTS.put(key, w);
  }

  private final Map<String, Integer> w = new LinkedHashMap<>(DEFAULTS);

  /** The defaults, changed by {@code spec} ({@code key=weight,key=weight}; may be null). */
  static Weights parse(String spec) {
    Weights ws = new Weights();
    if (spec != null && !spec.isBlank()) {
      for (String kv : spec.split(",")) {
        String[] p = kv.trim().split("=");
        if (p.length != 2 || !DEFAULTS.containsKey(p[0].trim())) {
          throw new IllegalArgumentException("bad weight '" + kv + "'; known: " + DEFAULTS.keySet());
        }
        ws.w.put(p[0].trim(), Integer.parseInt(p[1].trim()));
      }
    }
    return ws;
  }

  int get(String key) {
    Integer v = w.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no weight " + key);
    }
    return v;
  }

  /** True with probability {@code get(key)} percent. */
  boolean percent(Random r, String key) {
    return r.nextInt(100) < get(key);
  }

  /** One of {@code keys}, with probability proportional to its weight; null if all are 0. */
  String pick(Random r, List<String> keys) {
    int total = 0;
    for (String k : keys) {
      total += get(k);
    }
    if (total <= 0) {
      return null;
    }
    int x = r.nextInt(total);
    for (String k : keys) {
      x -= get(k);
      if (x < 0) {
        return k;
      }
    }
    throw new AssertionError();
  }

  /** Keys with the given prefix that are set above 0. */
  List<String> enabled(String prefix) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : w.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getValue() > 0) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
