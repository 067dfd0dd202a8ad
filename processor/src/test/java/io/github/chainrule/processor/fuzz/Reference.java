package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Assign;
import io.github.chainrule.processor.fuzz.Ast.BOp;
import io.github.chainrule.processor.fuzz.Ast.Bin;
import io.github.chainrule.processor.fuzz.Ast.Block;
import io.github.chainrule.processor.fuzz.Ast.Break;
import io.github.chainrule.processor.fuzz.Ast.Continue;
import io.github.chainrule.processor.fuzz.Ast.Loop;
import io.github.chainrule.processor.fuzz.Ast.Call;
import io.github.chainrule.processor.fuzz.Ast.Cast;
import io.github.chainrule.processor.fuzz.Ast.Cond;
import io.github.chainrule.processor.fuzz.Ast.Constant;
import io.github.chainrule.processor.fuzz.Ast.Decl;
import io.github.chainrule.processor.fuzz.Ast.Expr;
import io.github.chainrule.processor.fuzz.Ast.ExprStmt;
import io.github.chainrule.processor.fuzz.Ast.Field;
import io.github.chainrule.processor.fuzz.Ast.If;
import io.github.chainrule.processor.fuzz.Ast.IncDec;
import io.github.chainrule.processor.fuzz.Ast.JType;
import io.github.chainrule.processor.fuzz.Ast.Lit;
import io.github.chainrule.processor.fuzz.Ast.MathCall;
import io.github.chainrule.processor.fuzz.Ast.Method;
import io.github.chainrule.processor.fuzz.Ast.Param;
import io.github.chainrule.processor.fuzz.Ast.Program;
import io.github.chainrule.processor.fuzz.Ast.Ref;
import io.github.chainrule.processor.fuzz.Ast.Return;
import io.github.chainrule.processor.fuzz.Ast.Stmt;
import io.github.chainrule.processor.fuzz.Ast.Unary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * The reference: interprets a program of the {@link Ast} with Java's exact semantics for values
 * (every primal value is computed exactly as the compiled program computes it, with Math or
 * StrictMath, int overflow, float rounding) and carries with every floating value a Hipparchus
 * {@link DerivativeStructure} of order 1 over the differentiable parameters of the method under
 * test, anchored at that exact value.
 *
 * <p>Derivatives come from Hipparchus except where noted (tanh, and the conventions below).
 * Branches follow the exact Java values, so the reference takes the same path as the compiled
 * code, also right next to a branch's switching point. Where Hipparchus and Chainrule's documented
 * conventions can differ (exact ties of abs, max, min, atan2 and hypot at the origin, pow with a
 * zero exponent or non-positive base, Java's {@code %}), the reference implements the documented
 * convention. Points close to, but not at, a kink of a piecewise function are skipped (see {@link
 * Options#kinkEps}), as are points where a value is not finite or beyond {@link Options#maxValue}.
 *
 * <p>Besides the gradient, every floating value carries a magnitude vector: the gradient computed
 * with the absolute values of all local partial derivatives. It bounds the sizes of the terms the
 * derivative is summed from, and so scales the tolerance where terms cancel.
 */
final class Reference {

  /** Thresholds. */
  /**
   * Thresholds. {@code skipSingular}: also skip points where a function with an infinite
   * derivative (sqrt, cbrt, log, pow, asin, acos at their singular points) gets an argument that
   * does not vary; off by default (such points are correct tests: the derivative is 0 there).
   */
  record Options(double kinkEps, double maxValue, boolean skipSingular) {
    static Options defaults() {
      return new Options(1e-9, 1e10, false);
    }
  }

  /** The point is not a good test point (near a kink, a value not finite or too large). */
  static final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skip(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A value: Java's value, and for floating values its derivative structure and magnitude. */
  static final class V {
    final JType t;
    final double d;
    final long l;
    final boolean b;
    final DerivativeStructure ds;
    final double[] mag;
    /** The elements of a {@code double[]} (shared by aliases, written in place). */
    final V[] elems;

    V(JType t, double d, long l, boolean b, DerivativeStructure ds, double[] mag) {
      this.t = t;
      this.d = d;
      this.l = l;
      this.b = b;
      this.ds = ds;
      this.mag = mag;
      this.elems = null;
    }

    V(V[] elems) {
      this(JType.DARRAY, elems);
    }

    /** A {@code double[]} (elements) or a {@code double[][]} (rows, each a {@code double[]}). */
    V(JType t, V[] elems) {
      this.t = t;
      this.d = 0;
      this.l = 0;
      this.b = false;
      this.ds = null;
      this.mag = null;
      this.elems = elems;
    }

    double num() {
      return t.floating() ? d : (double) l;
    }

    /** Boxed as the Java type. */
    Object boxed() {
      switch (t) {
        case DOUBLE:
          return d;
        case FLOAT:
          return (float) d;
        case INT:
          return (int) l;
        case LONG:
          return l;
        default:
          return b;
      }
    }

    boolean varied() {
      if (mag == null) {
        return false;
      }
      for (double m : mag) {
        if (m != 0) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The result of one evaluation.
   *
   * @param value Java's value of the method (float widened)
   * @param gradient the partial derivatives with respect to the differentiable parameters
   * @param magnitude the magnitude vector of the result (see the class comment)
   * @param singular whether a function was evaluated where its derivative is infinite (sqrt at
   *     0, ...): there forward mode may give NaN (0 * Infinity), as the README documents
   */
  record Result(double value, double[] gradient, double[] magnitude, boolean singular) {}

  private final Program p;
  private final Options opt;
  private DSFactory factory;
  private int n;
  private int steps;
  private boolean singular;

  Reference(Program p, Options opt) {
    this.p = p;
    this.opt = opt;
  }

  /**
   * Evaluates method {@code m} at {@code args} (boxed as the parameter types).
   *
   * @throws Skip if the point is not a good test point
   */
  Result eval(int m, Object[] args) {
    Method method = p.methods().get(m);
    n = 0;
    for (int i = 0; i < args.length; i++) {
      if (method.differentiable(method.params().get(i))) {
        n += scalars(args[i]);
      }
    }
    factory = new DSFactory(n, 1);
    steps = 0;
    singular = false;
    List<V> values = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < args.length; i++) {
      Param q = method.params().get(i);
      Object a = args[i];
      switch (q.type()) {
        case DARRAY:
          {
            double[] x = (double[]) a;
            V[] el = new V[x.length];
            for (int j = 0; j < x.length; j++) {
              el[j] = input(x[j], method.differentiable(q) ? k++ : -1);
            }
            values.add(new V(el));
            break;
          }
        case DMATRIX:
          {
            double[][] x = (double[][]) a;
            V[] rows = new V[x.length];
            for (int j = 0; j < x.length; j++) {
              V[] el = new V[x[j].length];
              for (int c = 0; c < el.length; c++) {
                el[c] = input(x[j][c], method.differentiable(q) ? k++ : -1);
              }
              rows[j] = new V(el);
            }
            values.add(new V(JType.DMATRIX, rows));
            break;
          }
        case DOUBLE:
        case FLOAT:
          {
            double x = ((Number) a).doubleValue();
            if (method.differentiable(q)) {
              double[] mag = new double[n];
              mag[k] = 1;
              values.add(new V(q.type(), x, 0, false, factory.variable(k, x), mag));
              k++;
            } else {
              values.add(new V(q.type(), x, 0, false, factory.constant(x), new double[n]));
            }
            break;
          }
        case INT:
        case LONG:
          values.add(new V(q.type(), 0, ((Number) a).longValue(), false, null, null));
          break;
        default:
          values.add(new V(q.type(), 0, 0, (Boolean) a, null, null));
      }
    }
    V r = invoke(m, values);
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = r.ds.getAllDerivatives()[i + 1];
      if (!Double.isFinite(g[i]) || Math.abs(g[i]) > 1e14) {
        throw new Skip("derivative " + g[i]);
      }
    }
    return new Result(r.d, g, r.mag.clone(), singular);
  }

  /** The number of scalars in an argument: 1, or the elements of an array or matrix. */
  static int scalars(Object a) {
    if (a instanceof double[] x) {
      return x.length;
    }
    if (a instanceof double[][] x) {
      int c = 0;
      for (double[] row : x) {
        c += row.length;
      }
      return c;
    }
    return 1;
  }

  /** A double input: variable {@code k} of the derivative structures, or a constant if k < 0. */
  private V input(double x, int k) {
    if (k < 0) {
      return new V(JType.DOUBLE, x, 0, false, factory.constant(x), new double[n]);
    }
    double[] mag = new double[n];
    mag[k] = 1;
    return new V(JType.DOUBLE, x, 0, false, factory.variable(k, x), mag);
  }

  // ---- Statements -----------------------------------------------------------------------------

  private V invoke(int m, List<V> args) {
    Method method = p.methods().get(m);
    Map<String, V> env = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      Param q = method.params().get(i);
      env.put(q.name(), convert(args.get(i), q.type()));
    }
    Object r = exec(method.body(), env);
    if (!(r instanceof V v)) {
      throw new IllegalStateException("method " + method.name() + " ended without a return: " + r);
    }
    return convert(v, method.ret());
  }

  /** A break or continue on its way to its loop. */
  private record Jump(boolean isBreak, String label) {}

  /** Runs statements: null if they complete normally, else the returned {@link V} or a {@link Jump}. */
  private Object exec(List<Stmt> body, Map<String, V> env) {
    for (Stmt s : body) {
      step();
      if (s instanceof Decl d) {
        if (d.init() != null) {
          env.put(d.name(), convert(eval(d.init(), env), d.type()));
        }
      } else if (s instanceof ExprStmt e) {
        eval(e.e(), env);
      } else if (s instanceof Ast.Store st) {
        // Java: the array, the index, (for op=) the element's old value, then the right side.
        V a = array(st.name(), env);
        int i = index(a, eval(st.index(), env));
        V old = a.elems[i];
        V value = eval(st.value(), env);
        a.elems[i] = convert(st.op() == null ? value : arithmetic(st.op(), old, value), JType.DOUBLE);
      } else if (s instanceof Ast.Store2 st) {
        // Java: the array, the row index, the row, the column index, (op=) the old value, the right side.
        V m = array(st.name(), env);
        V row = m.elems[index(m, eval(st.row(), env))];
        int i = index(row, eval(st.col(), env));
        V old = row.elems[i];
        V value = eval(st.value(), env);
        row.elems[i] = convert(st.op() == null ? value : arithmetic(st.op(), old, value), JType.DOUBLE);
      } else if (s instanceof Ast.ForEach f) {
        Object v = forEach(f, env);
        if (v != null) {
          return v;
        }
      } else if (s instanceof Return r) {
        return eval(r.e(), env);
      } else if (s instanceof Block b) {
        Object v = exec(b.body(), env);
        if (v != null) {
          return v;
        }
      } else if (s instanceof If i) {
        boolean c = eval(i.cond(), env).b;
        List<Stmt> branch = c ? i.then() : i.otherwise();
        if (branch != null) {
          Object v = exec(branch, env);
          if (v != null) {
            return v;
          }
        }
      } else if (s instanceof Loop l) {
        Object v = loop(l, env);
        if (v != null) {
          return v;
        }
      } else if (s instanceof Ast.Switch sw) {
        Object v = switchStmt(sw, env);
        if (v != null) {
          return v;
        }
      } else if (s instanceof Break b) {
        return new Jump(true, b.label());
      } else if (s instanceof Continue c) {
        return new Jump(false, c.label());
      } else {
        throw new IllegalArgumentException(String.valueOf(s));
      }
    }
    return null;
  }

  private void step() {
    if (++steps > 200_000) {
      throw new Skip("too many steps (a loop that does not finish soon)");
    }
  }

  /**
   * Java: the selector once; then the case with its value (else default, else nothing) and, in
   * the colon form, the cases after it until a break; an unlabelled break ends the switch, a
   * continue or a labelled jump goes on to its loop.
   */
  private Object switchStmt(Ast.Switch sw, Map<String, V> env) {
    V sel = eval(sw.selector(), env);
    long k = sel.l;
    int at = -1;
    for (int i = 0; i < sw.cases().size(); i++) {
      if (sw.cases().get(i).labels().contains((int) k)) {
        at = i;
      }
    }
    if (at < 0) {
      for (int i = 0; i < sw.cases().size(); i++) {
        if (sw.cases().get(i).isDefault()) {
          at = i;
        }
      }
    }
    if (at < 0) {
      return null;
    }
    for (int i = at; i < sw.cases().size(); i++) {
      Object r = exec(sw.cases().get(i).body(), env);
      if (r instanceof Jump j && j.isBreak() && j.label() == null) {
        return null;
      }
      if (r != null) {
        return r;
      }
      if (sw.arrow()) {
        return null;
      }
    }
    return null;
  }

  /** Java: the array is read once; each element (or row) is read at the start of its iteration. */
  private Object forEach(Ast.ForEach f, Map<String, V> env) {
    V a = array(f.array(), env);
    for (int i = 0; i < a.elems.length; i++) {
      step();
      env.put(f.var(), a.elems[i]);
      Object r = exec(f.body(), env);
      if (r instanceof V) {
        return r;
      }
      if (r instanceof Jump j) {
        if (j.label() != null && !j.label().equals(f.label())) {
          return j;
        }
        if (j.isBreak()) {
          return null;
        }
      }
    }
    return null;
  }

  private Object loop(Loop l, Map<String, V> env) {
    if (l.init() != null) {
      env.put(l.init().name(), convert(eval(l.init().init(), env), l.init().type()));
    }
    boolean first = true;
    while (true) {
      step();
      if (!(first && l.kind() == Ast.LoopKind.DO) && !eval(l.cond(), env).b) {
        return null;
      }
      first = false;
      Object r = exec(l.body(), env);
      if (r instanceof V) {
        return r;
      }
      if (r instanceof Jump j) {
        if (j.label() != null && !j.label().equals(l.label())) {
          return j; // for an outer loop
        }
        if (j.isBreak()) {
          return null;
        }
      }
      if (l.update() != null) {
        eval(l.update(), env);
      }
    }
  }

  // ---- Expressions ----------------------------------------------------------------------------

  private V eval(Expr e, Map<String, V> env) {
    if (e instanceof Lit l) {
      return literal(l);
    }
    if (e instanceof Ref r) {
      V v = env.get(r.name());
      if (v == null) {
        throw new IllegalStateException("unassigned " + r.name());
      }
      return v;
    }
    if (e instanceof Field f) {
      return field(f);
    }
    if (e instanceof Unary u) {
      V a = eval(u.e(), env);
      switch (u.op()) {
        case NOT:
          return bool(!a.b);
        case PLUS:
          return a;
        default:
          return arith("neg", u.type(), a);
      }
    }
    if (e instanceof Bin b) {
      return binary(b, env);
    }
    if (e instanceof Ast.SwitchExpr sw) {
      long k = eval(sw.selector(), env).l;
      int at = sw.arms().size() - 1; // default
      for (int i = 0; i < sw.labels().size(); i++) {
        if (sw.labels().get(i).contains((int) k)) {
          at = i;
        }
      }
      return convert(eval(sw.arms().get(at), env), sw.type());
    }
    if (e instanceof Cond c) {
      boolean cond = eval(c.c(), env).b;
      return convert(eval(cond ? c.a() : c.b(), env), c.type());
    }
    if (e instanceof MathCall m) {
      List<V> args = new ArrayList<>();
      for (Expr a : m.args()) {
        args.add(eval(a, env));
      }
      return math(m, args);
    }
    if (e instanceof Cast c) {
      return convert(eval(c.e(), env), c.type());
    }
    if (e instanceof Call c) {
      Method callee = p.methods().get(c.method());
      List<V> args = new ArrayList<>();
      for (int i = 0; i < c.args().size(); i++) {
        args.add(convert(eval(c.args().get(i), env), callee.params().get(i).type()));
      }
      return invoke(c.method(), args);
    }
    if (e instanceof Assign a) {
      V target = env.get(a.name());
      V v;
      if (a.op() == null) {
        v = convert(eval(a.e(), env), a.type());
      } else {
        if (target == null) {
          throw new IllegalStateException("unassigned " + a.name());
        }
        V rhs = eval(a.e(), env);
        v = convert(arithmetic(a.op(), target, rhs), a.type());
      }
      env.put(a.name(), v);
      return v;
    }
    if (e instanceof Ast.NewArray n) {
      V[] el = new V[n.length()];
      for (int i = 0; i < el.length; i++) {
        el[i] = n.init() == null ? constant(JType.DOUBLE, 0) : convert(eval(n.init().get(i), env), JType.DOUBLE);
      }
      return new V(el);
    }
    if (e instanceof Ast.Load l) {
      V a = array(l.name(), env);
      return a.elems[index(a, eval(l.index(), env))];
    }
    if (e instanceof Ast.Load2 l) {
      V m = array(l.name(), env);
      V row = m.elems[index(m, eval(l.row(), env))];
      return row.elems[index(row, eval(l.col(), env))];
    }
    if (e instanceof Ast.Row w) {
      V m = array(w.name(), env);
      return m.elems[index(m, eval(w.index(), env))];
    }
    if (e instanceof Ast.RowLength l) {
      return new V(JType.INT, 0, array(l.name(), env).elems[0].elems.length, false, null, null);
    }
    if (e instanceof Ast.NewMatrix nm) {
      V[] rows = new V[nm.rows()];
      for (int i = 0; i < rows.length; i++) {
        V[] el = new V[nm.cols()];
        for (int j = 0; j < el.length; j++) {
          el[j] = constant(JType.DOUBLE, 0);
        }
        rows[i] = new V(el);
      }
      return new V(JType.DMATRIX, rows);
    }
    if (e instanceof Ast.Length l) {
      return new V(JType.INT, 0, array(l.name(), env).elems.length, false, null, null);
    }
    if (e instanceof Ast.CloneArray c) {
      return new V(array(c.name(), env).elems.clone());
    }
    if (e instanceof IncDec i) {
      V old = env.get(i.name());
      if (old == null) {
        throw new IllegalStateException("unassigned " + i.name());
      }
      V one = new V(JType.INT, 0, 1, false, null, null);
      V updated = convert(arithmetic(i.inc() ? BOp.ADD : BOp.SUB, old, one), i.type());
      env.put(i.name(), updated);
      return i.prefix() ? updated : old;
    }
    throw new IllegalArgumentException(String.valueOf(e));
  }

  private static V array(String name, Map<String, V> env) {
    V a = env.get(name);
    if (a == null || a.elems == null) {
      throw new IllegalStateException("no array " + name);
    }
    return a;
  }

  private static int index(V a, V i) {
    if (i.l < 0 || i.l >= a.elems.length) {
      throw new IllegalStateException("generator bug: index " + i.l + " out of bounds for length " + a.elems.length);
    }
    return (int) i.l;
  }

  private V literal(Lit l) {
    switch (l.type()) {
      case DOUBLE:
      case FLOAT:
        return constant(l.type(), l.d());
      case INT:
      case LONG:
        return new V(l.type(), 0, l.l(), false, null, null);
      default:
        return bool(l.b());
    }
  }

  private V field(Field f) {
    if (f.owner() == Field.MATH) {
      return constant(JType.DOUBLE, f.name().equals("PI") ? Math.PI : Math.E);
    }
    for (Constant k : p.constants().get(f.owner())) {
      if (k.name().equals(f.name())) {
        if (k.type().floating()) {
          return constant(k.type(), k.value());
        }
        if (k.type() == JType.BOOLEAN) {
          return bool(k.value() != 0);
        }
        return new V(k.type(), 0, (long) k.value(), false, null, null);
      }
    }
    throw new IllegalStateException("no constant " + f.name());
  }

  private V constant(JType t, double x) {
    return new V(t, x, 0, false, factory.constant(x), new double[n]);
  }

  private static V bool(boolean b) {
    return new V(JType.BOOLEAN, 0, 0, b, null, null);
  }

  private V binary(Bin b, Map<String, V> env) {
    BOp op = b.op();
    if (op == BOp.AND || op == BOp.OR) {
      boolean l = eval(b.l(), env).b;
      if (op == BOp.AND ? !l : l) {
        return bool(l);
      }
      return bool(eval(b.r(), env).b);
    }
    V l = eval(b.l(), env);
    V r = eval(b.r(), env);
    switch (op) {
      case BAND:
        return bool(l.b & r.b);
      case BOR:
        return bool(l.b | r.b);
      case BXOR:
        return bool(l.b ^ r.b);
      default:
    }
    if (op.comparison()) {
      return bool(compare(op, l, r));
    }
    V v = arithmetic(op, l, r);
    if (v.t != b.type()) {
      throw new IllegalStateException("type of " + b + " is " + v.t);
    }
    return v;
  }

  private static boolean compare(BOp op, V l, V r) {
    if (l.t == JType.BOOLEAN) {
      return op == BOp.EQ ? l.b == r.b : l.b != r.b;
    }
    JType t = JType.promote(l.t, r.t);
    switch (t) {
      case INT:
      case LONG:
        {
          long a = l.l;
          long c = r.l;
          switch (op) {
            case LT:
              return a < c;
            case LE:
              return a <= c;
            case GT:
              return a > c;
            case GE:
              return a >= c;
            case EQ:
              return a == c;
            default:
              return a != c;
          }
        }
      default:
        {
          double a = javaConvert(l, t).d;
          double c = javaConvert(r, t).d;
          switch (op) {
            case LT:
              return a < c;
            case LE:
              return a <= c;
            case GT:
              return a > c;
            case GE:
              return a >= c;
            case EQ:
              return a == c;
            default:
              return a != c;
          }
        }
    }
  }

  /** Binary arithmetic with numeric promotion. */
  private V arithmetic(BOp op, V l, V r) {
    JType t = JType.promote(l.t, r.t);
    V a = convert(l, t);
    V c = convert(r, t);
    switch (t) {
      case INT:
        {
          int x = (int) a.l;
          int y = (int) c.l;
          if ((op == BOp.DIV || op == BOp.REM) && y == 0) {
            throw new IllegalStateException("generator bug: int division by zero");
          }
          int z;
          switch (op) {
            case ADD:
              z = x + y;
              break;
            case SUB:
              z = x - y;
              break;
            case MUL:
              z = x * y;
              break;
            case DIV:
              z = x / y;
              break;
            default:
              z = x % y;
          }
          return new V(t, 0, z, false, null, null);
        }
      case LONG:
        {
          long x = a.l;
          long y = c.l;
          if ((op == BOp.DIV || op == BOp.REM) && y == 0) {
            throw new IllegalStateException("generator bug: long division by zero");
          }
          long z;
          switch (op) {
            case ADD:
              z = x + y;
              break;
            case SUB:
              z = x - y;
              break;
            case MUL:
              z = x * y;
              break;
            case DIV:
              z = x / y;
              break;
            default:
              z = x % y;
          }
          return new V(t, 0, z, false, null, null);
        }
      case FLOAT:
        {
          float x = (float) a.d;
          float y = (float) c.d;
          float z;
          switch (op) {
            case ADD:
              z = x + y;
              break;
            case SUB:
              z = x - y;
              break;
            case MUL:
              z = x * y;
              break;
            case DIV:
              z = x / y;
              break;
            default:
              z = x % y;
          }
          return arith(opName(op), t, z, a, c);
        }
      default:
        {
          double x = a.d;
          double y = c.d;
          double z;
          switch (op) {
            case ADD:
              z = x + y;
              break;
            case SUB:
              z = x - y;
              break;
            case MUL:
              z = x * y;
              break;
            case DIV:
              z = x / y;
              break;
            default:
              z = x % y;
          }
          return arith(opName(op), t, z, a, c);
        }
    }
  }

  private static String opName(BOp op) {
    switch (op) {
      case ADD:
        return "+";
      case SUB:
        return "-";
      case MUL:
        return "*";
      case DIV:
        return "/";
      default:
        return "%";
    }
  }

  /** Negation. */
  private V arith(String neg, JType t, V a) {
    switch (t) {
      case INT:
        return new V(t, 0, -(int) a.l, false, null, null);
      case LONG:
        return new V(t, 0, -a.l, false, null, null);
      case FLOAT:
        return arith(neg, t, -(float) a.d, a);
      default:
        return arith(neg, t, -a.d, a);
    }
  }

  // ---- Conversions ----------------------------------------------------------------------------

  /** Java's primitive conversion of the value only (no derivative). */
  private static V javaConvert(V v, JType to) {
    if (v.t == to) {
      return v;
    }
    if (v.t.integral()) {
      switch (to) {
        case INT:
          return new V(to, 0, (int) v.l, false, null, null);
        case LONG:
          return new V(to, 0, v.l, false, null, null);
        case FLOAT:
          return new V(to, v.t == JType.INT ? (float) (int) v.l : (float) v.l, 0, false, null, null);
        default:
          return new V(to, (double) v.l, 0, false, null, null);
      }
    }
    switch (to) {
      case INT:
        return new V(to, 0, v.t == JType.FLOAT ? (int) (float) v.d : (int) v.d, false, null, null);
      case LONG:
        return new V(to, 0, v.t == JType.FLOAT ? (long) (float) v.d : (long) v.d, false, null, null);
      case FLOAT:
        return new V(to, (float) v.d, 0, false, null, null);
      default:
        return new V(to, v.d, 0, false, null, null);
    }
  }

  /** Conversion with its derivative: 1 between floating types, none to integral types. */
  V convert(V v, JType to) {
    if (v.t == to) {
      return v;
    }
    if (to == JType.DARRAY || v.t == JType.DARRAY) {
      throw new IllegalStateException("conversion " + v.t + " to " + to);
    }
    if (to == JType.BOOLEAN || v.t == JType.BOOLEAN) {
      throw new IllegalStateException("conversion " + v.t + " to " + to);
    }
    V c = javaConvert(v, to);
    if (to.integral()) {
      if (v.t.floating() && v.varied()) {
        kink("cast to " + to.java, v.d, Math.rint(v.d));
      }
      return c;
    }
    if (v.t.integral()) {
      return constant(to, c.d);
    }
    return arith("cast", to, c.d, v);
  }

  // ---- Math -----------------------------------------------------------------------------------

  private V math(MathCall m, List<V> args) {
    String fn = m.fn();
    JType t = m.type();
    boolean s = m.strict();
    if (t.integral()) {
      long r;
      long a = args.get(0).l;
      boolean isLong = t == JType.LONG;
      switch (fn) {
        case "abs":
          r = isLong ? (s ? StrictMath.abs(a) : Math.abs(a)) : (s ? StrictMath.abs((int) a) : Math.abs((int) a));
          break;
        case "max":
          {
            long b = args.get(1).l;
            r = isLong ? Math.max(a, b) : Math.max((int) a, (int) b);
            break;
          }
        case "min":
          {
            long b = args.get(1).l;
            r = isLong ? Math.min(a, b) : Math.min((int) a, (int) b);
            break;
          }
        default:
          throw new IllegalStateException(fn + " on " + t);
      }
      return new V(t, 0, r, false, null, null);
    }
    // Floating overloads: abs, max, min, signum, copySign, fma have float ones.
    List<V> conv = new ArrayList<>();
    boolean floatOverload = t == JType.FLOAT;
    for (V a : args) {
      conv.add(convert(a, floatOverload ? JType.FLOAT : JType.DOUBLE));
    }
    double[] x = new double[conv.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = conv.get(i).d;
    }
    double y = floatOverload ? floatMath(fn, s, x) : doubleMath(fn, s, x);
    kinks(fn, conv, x);
    return arith(fn, t, y, conv.toArray(new V[0]));
  }

  private static double floatMath(String fn, boolean s, double[] x) {
    float a = (float) x[0];
    switch (fn) {
      case "abs":
        return s ? StrictMath.abs(a) : Math.abs(a);
      case "max":
        return s ? StrictMath.max(a, (float) x[1]) : Math.max(a, (float) x[1]);
      case "min":
        return s ? StrictMath.min(a, (float) x[1]) : Math.min(a, (float) x[1]);
      case "signum":
        return s ? StrictMath.signum(a) : Math.signum(a);
      case "copySign":
        return s ? StrictMath.copySign(a, (float) x[1]) : Math.copySign(a, (float) x[1]);
      case "fma":
        return s ? StrictMath.fma(a, (float) x[1], (float) x[2]) : Math.fma(a, (float) x[1], (float) x[2]);
      default:
        throw new IllegalStateException("no float overload of " + fn);
    }
  }

  static double doubleMath(String fn, boolean s, double[] x) {
    double a = x[0];
    switch (fn) {
      case "sin":
        return s ? StrictMath.sin(a) : Math.sin(a);
      case "cos":
        return s ? StrictMath.cos(a) : Math.cos(a);
      case "tan":
        return s ? StrictMath.tan(a) : Math.tan(a);
      case "asin":
        return s ? StrictMath.asin(a) : Math.asin(a);
      case "acos":
        return s ? StrictMath.acos(a) : Math.acos(a);
      case "atan":
        return s ? StrictMath.atan(a) : Math.atan(a);
      case "atan2":
        return s ? StrictMath.atan2(a, x[1]) : Math.atan2(a, x[1]);
      case "sinh":
        return s ? StrictMath.sinh(a) : Math.sinh(a);
      case "cosh":
        return s ? StrictMath.cosh(a) : Math.cosh(a);
      case "tanh":
        return s ? StrictMath.tanh(a) : Math.tanh(a);
      case "exp":
        return s ? StrictMath.exp(a) : Math.exp(a);
      case "expm1":
        return s ? StrictMath.expm1(a) : Math.expm1(a);
      case "log":
        return s ? StrictMath.log(a) : Math.log(a);
      case "log10":
        return s ? StrictMath.log10(a) : Math.log10(a);
      case "log1p":
        return s ? StrictMath.log1p(a) : Math.log1p(a);
      case "sqrt":
        return s ? StrictMath.sqrt(a) : Math.sqrt(a);
      case "cbrt":
        return s ? StrictMath.cbrt(a) : Math.cbrt(a);
      case "pow":
        return s ? StrictMath.pow(a, x[1]) : Math.pow(a, x[1]);
      case "hypot":
        return s ? StrictMath.hypot(a, x[1]) : Math.hypot(a, x[1]);
      case "abs":
        return s ? StrictMath.abs(a) : Math.abs(a);
      case "max":
        return s ? StrictMath.max(a, x[1]) : Math.max(a, x[1]);
      case "min":
        return s ? StrictMath.min(a, x[1]) : Math.min(a, x[1]);
      case "signum":
        return s ? StrictMath.signum(a) : Math.signum(a);
      case "floor":
        return s ? StrictMath.floor(a) : Math.floor(a);
      case "ceil":
        return s ? StrictMath.ceil(a) : Math.ceil(a);
      case "rint":
        return s ? StrictMath.rint(a) : Math.rint(a);
      case "copySign":
        return s ? StrictMath.copySign(a, x[1]) : Math.copySign(a, x[1]);
      case "fma":
        return s ? StrictMath.fma(a, x[1], x[2]) : Math.fma(a, x[1], x[2]);
      case "toRadians":
        return s ? StrictMath.toRadians(a) : Math.toRadians(a);
      case "toDegrees":
        return s ? StrictMath.toDegrees(a) : Math.toDegrees(a);
      default:
        throw new IllegalArgumentException(fn);
    }
  }

  /** Skips points near (not at) a kink of a piecewise function of a varied argument. */
  private void kinks(String fn, List<V> a, double[] x) {
    if (singular(fn, x)) {
      if (opt.skipSingular()) {
        throw new Skip(fn + " at a singular point (skipSingular)");
      }
      singular = true;
    }
    switch (fn) {
      case "abs":
      case "signum":
        if (a.get(0).varied()) {
          kink(fn, x[0], 0);
        }
        break;
      case "max":
      case "min":
        if (a.get(0).varied() || a.get(1).varied()) {
          kink(fn, x[0], x[1]);
        }
        break;
      case "floor":
      case "ceil":
        if (a.get(0).varied()) {
          kink(fn, x[0], Math.rint(x[0]));
        }
        break;
      case "rint":
        if (a.get(0).varied()) {
          kink(fn, x[0], Math.floor(x[0]) + 0.5);
        }
        break;
      case "copySign":
        if (a.get(0).varied()) {
          kink(fn, x[0], 0);
        }
        if (a.get(0).varied() || a.get(1).varied()) {
          kink(fn, x[1], 0);
        }
        break;
      case "atan2":
      case "hypot":
        if ((a.get(0).varied() || a.get(1).varied()) && Math.hypot(x[0], x[1]) < 1e-6 && (x[0] != 0 || x[1] != 0)) {
          throw new Skip(fn + " near the origin");
        }
        break;
      case "pow":
        if (a.get(0).varied() && Math.abs(x[0]) < 1e-6 && x[0] != 0) {
          throw new Skip("pow near a zero base");
        }
        break;
      case "sqrt":
      case "cbrt":
      case "log":
      case "log10":
        if (a.get(0).varied() && Math.abs(x[0]) < 1e-8) {
          throw new Skip(fn + " near 0");
        }
        break;
      case "log1p":
        if (a.get(0).varied() && Math.abs(x[0] + 1) < 1e-8) {
          throw new Skip(fn + " near -1");
        }
        break;
      case "asin":
      case "acos":
        if (a.get(0).varied() && Math.abs(x[0]) > 1 - 1e-8) {
          throw new Skip(fn + " near ±1");
        }
        break;
      default:
    }
  }

  private static boolean singular(String fn, double[] x) {
    switch (fn) {
      case "sqrt":
      case "cbrt":
      case "log":
      case "log10":
        return x[0] == 0;
      case "log1p":
        return x[0] == -1;
      case "asin":
      case "acos":
        return Math.abs(x[0]) == 1;
      case "pow":
        return x[0] == 0;
      default:
        return false;
    }
  }

  private void kink(String what, double x, double at) {
    double gap = Math.abs(x - at);
    if (gap != 0 && gap <= opt.kinkEps() * Math.max(1, Math.max(Math.abs(x), Math.abs(at)))) {
      throw new Skip(what + " near a kink: " + x + " vs " + at);
    }
  }

  // ---- Derivatives ----------------------------------------------------------------------------

  /**
   * The floating result {@code y} (Java's value) of {@code fn} applied to {@code args}: its
   * derivative structure (from Hipparchus, on the global factory) and magnitude (from the local
   * partials, by the same rule on a local factory).
   */
  private V arith(String fn, JType t, double y, V... args) {
    if (!Double.isFinite(y)) {
      throw new Skip(fn + " gave " + y);
    }
    if (Math.abs(y) > opt.maxValue()) {
      throw new Skip(fn + " gave " + y + ", beyond " + opt.maxValue());
    }
    DerivativeStructure[] global = new DerivativeStructure[args.length];
    double[] x = new double[args.length];
    boolean anyVaried = false;
    for (int i = 0; i < args.length; i++) {
      V a = args[i];
      x[i] = a.num();
      global[i] = a.ds != null ? a.ds : factory.constant(x[i]);
      anyVaried |= a.varied();
    }
    double[] mag = new double[n];
    if (!anyVaried) {
      return new V(t, y, 0, false, factory.constant(y), mag);
    }
    DerivativeStructure ds = anchor(rule(fn, global, x, y), y);
    // Local partials: the same rule on one variable per operand.
    DSFactory local = new DSFactory(args.length, 1);
    DerivativeStructure[] vars = new DerivativeStructure[args.length];
    for (int i = 0; i < args.length; i++) {
      vars[i] = local.variable(i, x[i]);
    }
    double[] partials = rule(fn, vars, x, y).getAllDerivatives();
    for (int i = 0; i < args.length; i++) {
      if (args[i].mag == null) {
        continue;
      }
      double d = Math.abs(partials[i + 1]);
      for (int j = 0; j < n; j++) {
        if (args[i].mag[j] != 0) {
          mag[j] += d * args[i].mag[j];
        }
      }
    }
    double[] all = ds.getAllDerivatives();
    for (int j = 1; j < all.length; j++) {
      if (!Double.isFinite(all[j]) || !Double.isFinite(mag[j - 1])) {
        throw new Skip(fn + ": derivative " + all[j] + ", magnitude " + mag[j - 1]);
      }
    }
    return new V(t, y, 0, false, ds, mag);
  }

  private static DerivativeStructure anchor(DerivativeStructure ds, double y) {
    double[] all = ds.getAllDerivatives();
    all[0] = y;
    return ds.getFactory().build(all);
  }

  /** The derivative rule of {@code fn}; {@code x} the operands' values, {@code y} the result. */
  private static DerivativeStructure rule(String fn, DerivativeStructure[] a, double[] x, double y) {
    DerivativeStructure zero = a[0].getFactory().constant(0);
    switch (fn) {
      case "+":
        return a[0].add(a[1]);
      case "-":
        return a[0].subtract(a[1]);
      case "*":
        return a[0].multiply(a[1]);
      case "/":
        return a[0].divide(a[1]);
      case "%":
        {
          // Java's %: a - c * trunc(a / c), with the integer quotient from the exact remainder.
          double q = Math.rint((x[0] - y) / x[1]);
          return a[0].subtract(a[1].multiply(q));
        }
      case "neg":
        return a[0].negate();
      case "cast":
        return a[0];
      case "sin":
        return a[0].sin();
      case "cos":
        return a[0].cos();
      case "tan":
        return a[0].tan();
      case "asin":
        return a[0].asin();
      case "acos":
        return a[0].acos();
      case "atan":
        return a[0].atan();
      case "atan2":
        return x[0] == 0 && x[1] == 0 ? zero : DerivativeStructure.atan2(a[0], a[1]);
      case "sinh":
        return a[0].sinh();
      case "cosh":
        return a[0].cosh();
      case "tanh":
        // 1 / cosh^2, which keeps its digits where tanh is near 1 (1 - tanh^2 cancels there, and
        // Hipparchus takes FastMath's tanh, which saturates to 1 earlier than Java's).
        double cosh = Math.cosh(x[0]);
        return a[0].multiply(1 / cosh / cosh);
      case "exp":
        return a[0].exp();
      case "expm1":
        return a[0].expm1();
      case "log":
        return a[0].log();
      case "log10":
        return a[0].log10();
      case "log1p":
        return a[0].log1p();
      case "sqrt":
        return a[0].sqrt();
      case "cbrt":
        return a[0].cbrt();
      case "pow":
        return pow(a, x, y);
      case "hypot":
        if (x[0] == 0 && x[1] == 0) {
          return zero;
        }
        // Scaled by the larger magnitude, without Hipparchus' shortcut that returns the larger
        // operand (and drops the other's derivative) when the two differ by more than 2^27.
        double scale = Math.max(Math.abs(x[0]), Math.abs(x[1]));
        DerivativeStructure p = a[0].divide(scale);
        DerivativeStructure q = a[1].divide(scale);
        return p.multiply(p).add(q.multiply(q)).sqrt().multiply(scale);
      case "abs":
        // Documented: the derivative is signum(x), 0 at 0.
        return x[0] > 0 ? a[0] : x[0] < 0 ? a[0].negate() : zero;
      case "max":
      case "min":
        {
          // Documented: the winner gets 1; on a tie each operand gets one half.
          boolean first = fn.equals("max") ? x[0] > x[1] : x[0] < x[1];
          boolean second = fn.equals("max") ? x[1] > x[0] : x[1] < x[0];
          return first ? a[0] : second ? a[1] : a[0].add(a[1]).multiply(0.5);
        }
      case "signum":
      case "floor":
      case "ceil":
      case "rint":
        return zero;
      case "copySign":
        // Documented: d/dm is the product of the signs (sign bits) of m and s; d/ds is 0.
        return a[0].multiply(Math.copySign(1.0, x[0]) * Math.copySign(1.0, x[1]));
      case "fma":
        return a[0].multiply(a[1]).add(a[2]);
      case "toRadians":
        return a[0].multiply(Math.PI / 180);
      case "toDegrees":
        return a[0].multiply(180 / Math.PI);
      default:
        throw new IllegalArgumentException(fn);
    }
  }

  /** pow(a, b): Hipparchus where the base is positive; the documented conventions elsewhere. */
  private static DerivativeStructure pow(DerivativeStructure[] a, double[] x, double y) {
    DerivativeStructure base = a[0];
    DerivativeStructure exponent = a[1];
    DSFactory f = base.getFactory();
    if (x[0] > 0 && x[1] != 0) {
      return base.pow(exponent);
    }
    // d/da = b a^(b-1), 0 where b == 0; d/db = y ln(a), 0 where a <= 0.
    DerivativeStructure r = f.constant(0);
    if (x[1] != 0) {
      double dA = x[1] * Math.pow(x[0], x[1] - 1);
      r = r.add(base.multiply(dA));
    }
    if (x[0] > 0) {
      r = r.add(exponent.multiply(y * Math.log(x[0])));
    }
    return r;
  }
}
