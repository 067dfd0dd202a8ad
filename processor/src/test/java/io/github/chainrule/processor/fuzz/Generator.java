package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Assign;
import io.github.chainrule.processor.fuzz.Ast.BOp;
import io.github.chainrule.processor.fuzz.Ast.Bin;
import io.github.chainrule.processor.fuzz.Ast.Block;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates random programs of the {@link Ast} from a seed, by a grammar with a weight per
 * construct ({@link Weights}). Programs are valid Java by construction: typed expressions, definite
 * assignment, no unreachable statements, a return on every path, calls only of earlier methods.
 * Domains are guarded with weights ({@code guard.safe} against {@code guard.raw}): a logarithm gets
 * {@code e * e + 0.5}, an exponential a bounded argument, and so on; what remains is skipped by
 * the {@link Reference} at evaluation time.
 *
 * <p>What it writes: 1-4 double (or float) parameters, int, long and boolean ones, {@code wrt};
 * double, float, int, long, boolean locals and {@code var}, reassignment (of parameters too),
 * compound assignment, {@code ++}/{@code --}, also inside expressions; every operator, cast and
 * Math/StrictMath function (with int operands and float overloads), constants (compile-time,
 * computed, private, of the other class), {@code import static java.lang.Math.*}; if/else,
 * ternaries, {@code && || ! & | ^}, early returns, {@code T z;} assigned in both branches; calls of
 * earlier methods, in the same or the second class, overloads, plain (not differentiable) helper
 * methods returning int, boolean or double; bounded {@code for}, {@code while}, {@code do} loops
 * with (labelled) {@code break}/{@code continue} and returns; local {@code double[]} arrays (new,
 * initializer, clone, alias, loads, stores, compound stores, length); {@code double[]} and {@code
 * double[][]} parameters (never written: indices guarded by {@code .length}), local {@code
 * double[][]} matrices ({@code m[i][j]} loads and stores, aliases), row aliases {@code double[] row =
 * m[i]} (writable only for local matrices), enhanced {@code for} over arrays and matrix rows, and
 * array arguments of calls ({@code a}, {@code m[i]}, {@code new double[] {...}}). Names sometimes collide with
 * the generated code's ({@code seed}, {@code adj}, {@code at}, {@code xDot}, {@code t}, ...).
 */
final class Generator {

  /** Sizes. */
  record Config(int maxStmts, int maxDepth, int maxNesting, int maxEarlyReturns, int maxCalls, int maxCalleeCost) {
    static Config defaults() {
      return new Config(9, 4, 2, 2, 2, 400);
    }
  }

  private static final double[] NICE = {0.5, 1.0, 2.0, 0.25, 1.5, 3.0, 0.75, 0.1, 10.0, 0.0, -1.0, -0.5, 2.5};
  private static final String[] PARAM_NAMES = {"x", "y", "z", "w", "u", "v", "p", "q", "r", "s", "a", "h", "rate", "theta", "alpha"};
  private static final String[] INT_NAMES = {"k", "n", "m", "i", "j", "count"};
  private static final String[] BOOL_NAMES = {"flag", "on", "neg"};
  private static final String[] ARRAY_NAMES = {"ws", "xs", "coef", "vec", "b"};
  private static final String[] MATRIX_NAMES = {"mat", "grid", "mm", "mx"};
  private static final String[] TRICKY = {"seed", "adj", "at", "value", "t", "result", "t_1", "c", "tmp", "d", "adj_1", "v_1"};

  private final Random r;
  private final Weights w;
  private final Config cfg;

  // Program state.
  private final List<Method> methods = new ArrayList<>();
  private final List<Integer> cost = new ArrayList<>();
  private final List<Boolean> usesFloat = new ArrayList<>();
  private final List<List<Constant>> constants = new ArrayList<>();
  private final List<Boolean> staticImports = new ArrayList<>();
  private List<String> classNames;

  // Method state.
  private int owner;
  private boolean floatMode;
  private boolean tricky;
  private JType ret;
  private final List<Param> visible = new ArrayList<>(); // parameters and locals in scope
  private Set<String> assigned = new HashSet<>(); // definitely assigned
  private final Set<String> used = new HashSet<>();
  private final Set<String> paramNames = new HashSet<>();
  private int localCounter;
  private int earlyReturns;
  private int calls;
  private int nesting;
  private int pure; // > 0: no assignments, increments or calls (inside duplicated guard operands)
  private int effectFree; // > 0: no assignments or increments (loop conditions)
  private final List<String> loopLabels = new ArrayList<>(); // enclosing loops (null: no label)
  /** Enclosing switches; a loop inside one sets it to 0 for its body (a break there is the loop's). */
  private int switchDepth;
  private final Set<String> readOnly = new HashSet<>(); // loop counters
  private final java.util.Map<String, Integer> arrayLength = new java.util.HashMap<>(); // -1: unknown
  private final java.util.Map<String, Integer> matrixCols = new java.util.HashMap<>(); // -1: unknown
  private final Set<String> writable = new HashSet<>(); // arrays that may be written (not parameters)
  private int arrayCounter;
  private int loopCounter;

  Generator(long seed, Weights w, Config cfg) {
    this.r = new Random(seed);
    this.w = w;
    this.cfg = cfg;
  }

  /** A program of {@code n} @Differentiable methods (and some helpers) in {@code pkg.classNames}. */
  Program program(String pkg, List<String> classNames, int n) {
    this.classNames = classNames;
    for (int c = 0; c < classNames.size(); c++) {
      constants.add(constants(c));
    }
    for (int c = 0; c < classNames.size(); c++) {
      staticImports.add(w.percent(r, "class.staticImport"));
    }
    // n @Differentiable methods; plain helpers come on top.
    for (int i = 0, differentiable = 0; differentiable < n; i++) {
      method(i);
      differentiable += methods.get(i).plain() ? 0 : 1;
    }
    return new Program(pkg, classNames, constants, List.copyOf(methods), List.copyOf(staticImports));
  }

  /** Whether method {@code m} or a method it calls uses float. */
  boolean usesFloat(int m) {
    return usesFloat.get(m);
  }

  private List<Constant> constants(int c) {
    List<Constant> out = new ArrayList<>();
    String prefix = c == 0 ? "C" : "D";
    int k = 0;
    // Compile-time constants, inlined by value; one private.
    double v = nice();
    out.add(new Constant(prefix + k++, JType.DOUBLE, false, v, Double.toString(v)));
    double v2 = round2(r.nextDouble() * 4 - 2);
    out.add(new Constant(prefix + k++, JType.DOUBLE, r.nextInt(3) == 0, v2, Double.toString(v2)));
    int iv = r.nextInt(7) - 2;
    out.add(new Constant(prefix + k++, JType.INT, false, iv, Integer.toString(iv)));
    float fv = (float) round2(r.nextDouble() * 3);
    out.add(new Constant(prefix + k++, JType.FLOAT, false, fv, fv + "f"));
    out.add(new Constant(prefix + k++, JType.LONG, false, 3, "3L"));
    // Not compile-time constants: the generated code reads the field.
    switch (r.nextInt(4)) {
      case 0:
        out.add(new Constant(prefix + k++, JType.DOUBLE, false, Math.sqrt(2.0), "Math.sqrt(2.0)"));
        break;
      case 1:
        out.add(new Constant(prefix + k++, JType.DOUBLE, false, Math.log(3.0), "Math.log(3.0)"));
        break;
      case 2:
        out.add(new Constant(prefix + k++, JType.DOUBLE, false, Math.exp(0.5), "Math.exp(0.5)"));
        break;
      default:
        out.add(new Constant(prefix + k++, JType.DOUBLE, false, Math.cos(1.0) * 2, "Math.cos(1.0) * 2"));
    }
    return out;
  }

  // ---- Methods --------------------------------------------------------------------------------

  private void method(int index) {
    owner = classNames.size() > 1 && w.percent(r, "method.secondClass") ? 1 : 0;
    boolean plain = w.percent(r, "method.helper");
    floatMode = !plain && w.percent(r, "method.float");
    tricky = w.percent(r, "method.trickyNames");
    ret = floatMode && w.percent(r, "method.floatReturn") ? JType.FLOAT : JType.DOUBLE;
    if (plain) {
      ret = List.of(JType.INT, JType.BOOLEAN, JType.DOUBLE).get(r.nextInt(3));
    }
    visible.clear();
    assigned = new HashSet<>();
    used.clear();
    localCounter = 0;
    earlyReturns = 0;
    calls = 0;
    nesting = 0;
    pure = 0;
    loopLabels.clear();
    readOnly.clear();
    arrayLength.clear();
    matrixCols.clear();
    writable.clear();

    // Parameters.
    List<Param> params = new ArrayList<>();
    boolean wide = !plain && w.percent(r, "method.wide");
    int nFloating = wide ? 64 + r.nextInt(16) : 1 + r.nextInt(4);
    List<String> pool = new ArrayList<>(List.of(PARAM_NAMES));
    Collections.shuffle(pool, r);
    for (int i = 0; pool.size() < nFloating; i++) {
      pool.add("c" + i);
    }
    for (int i = 0; i < nFloating; i++) {
      String name = pool.get(i);
      if (tricky && r.nextInt(3) == 0) {
        name = TRICKY[r.nextInt(TRICKY.length)];
        if (used.contains(name)) {
          name = pool.get(i);
        }
      }
      if (tricky && i > 0 && r.nextInt(3) == 0 && !used.contains(params.get(0).name() + "Dot")) {
        name = params.get(0).name() + "Dot"; // a parameter named like the tangent of another
      }
      used.add(name);
      params.add(new Param(name, floatMode && r.nextInt(10) < 6 ? JType.FLOAT : JType.DOUBLE));
    }
    if (w.percent(r, "method.intParam") || (plain && r.nextBoolean())) {
      params.add(new Param(fresh(INT_NAMES), JType.INT));
    }
    if (w.percent(r, "method.longParam")) {
      params.add(new Param(fresh(new String[] {"big", "len"}), JType.LONG));
    }
    if (w.percent(r, "method.boolParam")) {
      params.add(new Param(fresh(BOOL_NAMES), JType.BOOLEAN));
    }
    if (!plain && w.percent(r, "method.arrayParam")) {
      String a = tricky && r.nextBoolean() ? fresh(TRICKY) : fresh(ARRAY_NAMES);
      params.add(new Param(a, JType.DARRAY));
      arrayLength.put(a, -1);
    }
    if (!plain && w.percent(r, "method.matrixParam")) {
      String a = tricky && r.nextBoolean() ? fresh(TRICKY) : fresh(MATRIX_NAMES);
      params.add(new Param(a, JType.DMATRIX));
      arrayLength.put(a, -1);
      matrixCols.put(a, -1);
    }
    boolean hasArrays = params.stream().anyMatch(q -> q.type().array());
    Collections.shuffle(params, r);
    List<String> wrt = null;
    if (!plain && w.percent(r, "method.wrt")) {
      List<String> floating = new ArrayList<>();
      for (Param p : params) {
        if (p.type().floating() || p.type().array()) {
          floating.add(p.name());
        }
      }
      Collections.shuffle(floating, r);
      wrt = List.copyOf(floating.subList(0, 1 + r.nextInt(floating.size())));
    }
    visible.addAll(params);
    paramNames.clear();
    for (Param p : params) {
      paramNames.add(p.name());
      assigned.add(p.name());
    }

    // Name: fresh, or an overload of an earlier method of the same class with another arity.
    String name = (plain ? "h" : "m") + index;
    if (!plain && !hasArrays && w.percent(r, "method.overload")) {
      List<String> candidates = new ArrayList<>();
      for (Method m : methods) {
        if (m.owner() == owner && !m.plain() && !candidates.contains(m.name()) && m.params().stream().noneMatch(q -> q.type().array())) {
          candidates.add(m.name());
        }
      }
      if (!candidates.isEmpty()) {
        String other = candidates.get(r.nextInt(candidates.size()));
        boolean sameArity = false;
        for (Method m : methods) {
          if (m.owner() == owner && m.name().equals(other) && m.params().size() == params.size()) {
            sameArity = true;
          }
        }
        if (!sameArity) {
          name = other;
        }
      }
    }

    // Body.
    boolean long_ = !plain && w.percent(r, "method.long");
    List<Stmt> body = stmts(long_ ? 250 + r.nextInt(200) : 2 + r.nextInt(cfg.maxStmts()));
    if (Ast.completesNormally(body)) {
      body.add(new Return(returnExpr()));
    }
    Method m = new Method(owner, name, List.copyOf(params), ret, wrt, body, plain);
    methods.add(m);
    int c = Ast.size(body);
    boolean f = floatMode;
    for (int callee : Ast.calls(body)) {
      c += cost.get(callee);
      f |= usesFloat.get(callee);
    }
    cost.add(c);
    usesFloat.add(f);
  }

  private String fresh(String[] names) {
    for (int tries = 0; tries < 10; tries++) {
      String n = names[r.nextInt(names.length)];
      if (!used.contains(n)) {
        used.add(n);
        return n;
      }
    }
    String n;
    do {
      n = "l" + localCounter++;
    } while (used.contains(n));
    used.add(n);
    return n;
  }

  private String localName() {
    if (tricky && r.nextInt(3) == 0) {
      List<String> options = new ArrayList<>(List.of(TRICKY));
      for (Param p : visible) {
        options.add(p.name() + "Dot");
        options.add(p.name() + "_1");
        options.add(p.name() + "Adj");
      }
      String n = options.get(r.nextInt(options.size()));
      if (!used.contains(n)) {
        used.add(n);
        return n;
      }
    }
    String n;
    do {
      n = "l" + localCounter++;
    } while (used.contains(n));
    used.add(n);
    return n;
  }

  // ---- Statements -----------------------------------------------------------------------------

  /** Up to {@code n} statements; stops after one that does not complete normally. */
  private List<Stmt> stmts(int n) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stmt(out);
      if (!out.isEmpty() && !Ast.completesNormally(out.get(out.size() - 1))) {
        break;
      }
    }
    return out;
  }

  private void stmt(List<Stmt> out) {
    List<String> options = new ArrayList<>(List.of("stmt.decl", "stmt.declSplit", "stmt.assign", "stmt.compound", "stmt.incdec"));
    if (nesting < cfg.maxNesting()) {
      options.add("stmt.if");
      options.add("stmt.block");
      options.add("stmt.loop");
      if (earlyReturns < cfg.maxEarlyReturns()) {
        options.add("stmt.earlyReturn");
      }
    }
    if (nesting < cfg.maxNesting()) {
      options.add("stmt.switch");
    }
    if (!loopLabels.isEmpty() || switchDepth > 0) {
      options.add("stmt.break"); // in a switch (outside a loop in it), an unlabelled break leaves the switch
    }
    if (!loopLabels.isEmpty()) {
      options.add("stmt.continue");
    }
    options.add("stmt.array");
    options.add("stmt.matrix");
    if (pickArray(JType.DARRAY, true) != null) {
      options.add("stmt.store");
    }
    if (pickArray(JType.DMATRIX, false) != null) {
      options.add("stmt.row");
    }
    if (pickArray(JType.DMATRIX, true) != null) {
      options.add("stmt.store2");
    }
    if (nesting < cfg.maxNesting() && (pickArray(JType.DARRAY, false) != null || pickArray(JType.DMATRIX, false) != null)) {
      options.add("stmt.forEach");
    }
    String k = w.pick(r, options);
    if (k == null) {
      k = "stmt.decl";
    }
    switch (k) {
      case "stmt.decl":
        {
          JType t = localType(true);
          Expr init = gen(t, depth());
          if (t.numeric() && r.nextInt(10) < 3) {
            init = mix(init, t);
          }
          String name = localName();
          boolean var = r.nextInt(10) < w.get("stmt.declVar");
          out.add(new Decl(var ? null : t, name, t, init));
          visible.add(new Param(name, t));
          assigned.add(name);
          return;
        }
      case "stmt.declSplit":
        if (nesting < cfg.maxNesting()) {
          declSplit(out);
          return;
        }
        assign(out);
        return;
      case "stmt.assign":
        assign(out);
        return;
      case "stmt.compound":
        {
          Param v = pickTarget(null, true, true);
          if (v == null) {
            assign(out);
            return;
          }
          BOp op = List.of(BOp.ADD, BOp.SUB, BOp.MUL, BOp.DIV, BOp.REM).get(r.nextInt(5));
          out.add(new ExprStmt(compound(v, op, depth())));
          return;
        }
      case "stmt.incdec":
        {
          Param v = pickTarget(null, true, true);
          if (v == null) {
            assign(out);
            return;
          }
          out.add(new ExprStmt(new IncDec(v.name(), r.nextBoolean(), r.nextBoolean(), v.type())));
          return;
        }
      case "stmt.if":
        out.add(ifStmt(false));
        return;
      case "stmt.earlyReturn":
        earlyReturns++;
        out.add(ifStmt(true));
        return;
      case "stmt.loop":
        loop(out);
        return;
      case "stmt.switch":
        switchStmt(out);
        return;
      case "stmt.array":
        array(out);
        return;
      case "stmt.matrix":
        matrix(out);
        return;
      case "stmt.row":
        {
          Param m = pickArray(JType.DMATRIX, false);
          String name = "row" + arrayCounter++;
          used.add(name);
          out.add(new Decl(JType.DARRAY, name, JType.DARRAY, new Ast.Row(m.name(), index(m.name()))));
          visible.add(new Param(name, JType.DARRAY));
          assigned.add(name);
          arrayLength.put(name, matrixCols.get(m.name()));
          if (writable.contains(m.name())) {
            writable.add(name);
          }
          return;
        }
      case "stmt.store2":
        {
          Param m = pickArray(JType.DMATRIX, true);
          Expr row = index(m.name());
          Expr col = colIndex(m.name());
          BOp op = r.nextInt(3) == 0 ? null : pick(BOp.ADD, BOp.ADD, BOp.SUB, BOp.MUL);
          out.add(new Ast.Store2(m.name(), row, col, op, gen(r.nextInt(6) == 0 ? numericType() : JType.DOUBLE, depth())));
          return;
        }
      case "stmt.forEach":
        forEach(out);
        return;
      case "stmt.store":
        {
          Param a = pickArray(JType.DARRAY, true);
          Expr index = index(a.name());
          BOp op = r.nextInt(3) == 0 ? null : pick(BOp.ADD, BOp.ADD, BOp.SUB, BOp.MUL);
          out.add(new Ast.Store(a.name(), index, op, gen(r.nextInt(6) == 0 ? numericType() : JType.DOUBLE, depth())));
          return;
        }
      case "stmt.break":
      case "stmt.continue":
        {
          List<String> labels = new ArrayList<>();
          for (String l : loopLabels) {
            if (l != null) {
              labels.add(l);
            }
          }
          String label = !labels.isEmpty() && r.nextInt(3) == 0 ? labels.get(r.nextInt(labels.size())) : null;
          out.add(k.equals("stmt.break") ? new Ast.Break(label) : new Ast.Continue(label));
          return;
        }
      case "stmt.block":
        {
          int mark = visible.size();
          nesting++;
          List<Stmt> body = stmts(1 + r.nextInt(3));
          nesting--;
          scopeEnd(mark);
          out.add(new Block(body));
          return;
        }
      default:
        throw new IllegalStateException(k);
    }
  }

  /**
   * A bounded loop: the counter is never written by the body, starts at -2 or more and stops below
   * a bound of at most 5.
   */
  private void loop(List<Stmt> out) {
    String kindKey = w.pick(r, List.of("loop.for", "loop.while", "loop.do"));
    Ast.LoopKind kind = kindKey == null || kindKey.equals("loop.for") ? Ast.LoopKind.FOR : kindKey.equals("loop.while") ? Ast.LoopKind.WHILE : Ast.LoopKind.DO;
    String label = w.percent(r, "loop.label") ? "loop" + loopCounter : null;
    String counter = "it" + loopCounter++;
    used.add(counter);
    int mark = visible.size();
    Expr start = loopStart();
    Expr bound = loopBound();
    Set<String> before = new HashSet<>(assigned);
    Ast.Decl init = null;
    boolean condUpdate = false;
    Expr cond;
    Expr update = null;
    if (kind == Ast.LoopKind.FOR) {
      init = new Decl(JType.INT, counter, JType.INT, start);
      visible.add(new Param(counter, JType.INT));
      assigned.add(counter);
      readOnly.add(counter);
      cond = new Bin(BOp.LT, new Ref(counter, JType.INT), bound, JType.BOOLEAN);
      update = new IncDec(counter, r.nextBoolean(), true, JType.INT);
    } else {
      // The counter is incremented first thing in the body, where no continue can skip it, or in
      // the condition itself (while (it0++ < n), while (++it0 < n)).
      out.add(new Decl(JType.INT, counter, JType.INT, start));
      visible.add(new Param(counter, JType.INT));
      assigned.add(counter);
      readOnly.add(counter);
      mark = visible.size();
      before = new HashSet<>(assigned);
      if (w.percent(r, "loop.condUpdate")) {
        condUpdate = true;
        cond = new Bin(BOp.LT, new IncDec(counter, r.nextBoolean(), true, JType.INT), bound, JType.BOOLEAN);
      } else {
        cond = new Bin(BOp.LT, new Ref(counter, JType.INT), bound, JType.BOOLEAN);
      }
    }
    if (w.percent(r, "loop.extraCond")) {
      effectFree++;
      cond = new Bin(BOp.AND, cond, gen(JType.BOOLEAN, depth()), JType.BOOLEAN);
      effectFree--;
    }
    nesting++;
    loopLabels.add(label);
    int switches = switchDepth;
    switchDepth = 0;
    List<Stmt> body = new ArrayList<>();
    if (kind != Ast.LoopKind.FOR && !condUpdate) {
      body.add(new ExprStmt(new IncDec(counter, r.nextBoolean(), true, JType.INT)));
    }
    body.addAll(stmts(1 + r.nextInt(4)));
    loopLabels.remove(loopLabels.size() - 1);
    switchDepth = switches;
    nesting--;
    scopeEnd(mark);
    assigned = before;
    out.add(new Ast.Loop(kind, label, init, cond, update, body));
  }

  /** A visible, definitely assigned array of type {@code t}; {@code write}: only writable ones. */
  private Param pickArray(JType t, boolean write) {
    List<Param> c = new ArrayList<>();
    for (Param p : visible) {
      if (p.type() == t && assigned.contains(p.name()) && (!write || writable.contains(p.name()))) {
        c.add(p);
      }
    }
    return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
  }

  /** {@code double[][] m = new double[r][c]} or {@code = other}. */
  private void matrix(List<Stmt> out) {
    Param source = pickArray(JType.DMATRIX, false);
    String name = "g" + arrayCounter++;
    used.add(name);
    if (source != null && r.nextInt(3) == 0) {
      out.add(new Decl(JType.DMATRIX, name, JType.DMATRIX, new Ref(source.name(), JType.DMATRIX)));
      arrayLength.put(name, arrayLength.get(source.name()));
      matrixCols.put(name, matrixCols.get(source.name()));
      if (writable.contains(source.name())) {
        writable.add(name);
      }
    } else {
      int rows = 1 + r.nextInt(3);
      int cols = 1 + r.nextInt(3);
      out.add(new Decl(JType.DMATRIX, name, JType.DMATRIX, new Ast.NewMatrix(rows, cols)));
      arrayLength.put(name, rows);
      matrixCols.put(name, cols);
      writable.add(name);
    }
    visible.add(new Param(name, JType.DMATRIX));
    assigned.add(name);
  }

  /** {@code for (double e : a) body} or {@code for (double[] row : m) body}. */
  private void forEach(List<Stmt> out) {
    Param a = r.nextBoolean() ? pickArray(JType.DARRAY, false) : pickArray(JType.DMATRIX, false);
    if (a == null) {
      a = pickArray(JType.DARRAY, false);
    }
    if (a == null) {
      a = pickArray(JType.DMATRIX, false);
    }
    String label = w.percent(r, "loop.label") ? "loop" + loopCounter : null;
    loopCounter++;
    JType vt = a.type() == JType.DMATRIX ? JType.DARRAY : JType.DOUBLE;
    String var = vt == JType.DARRAY ? "row" + arrayCounter++ : localName();
    used.add(var);
    Param acc = pickTarget(JType.DOUBLE, true, true); // an accumulator written from outside the loop
    int mark = visible.size();
    Set<String> before = new HashSet<>(assigned);
    visible.add(new Param(var, vt));
    assigned.add(var);
    readOnly.add(var);
    if (vt == JType.DARRAY) {
      arrayLength.put(var, matrixCols.get(a.name()));
      if (writable.contains(a.name())) {
        writable.add(var);
      }
    }
    nesting++;
    loopLabels.add(label);
    List<Stmt> body = new ArrayList<>();
    if (acc != null && r.nextBoolean()) {
      Expr el = vt == JType.DOUBLE ? new Ref(var, JType.DOUBLE) : new Ast.Load(var, index(var));
      Expr term = r.nextBoolean() ? el : new Bin(BOp.MUL, el, dbl(1), JType.DOUBLE);
      body.add(new ExprStmt(new Assign(acc.name(), pick(BOp.ADD, BOp.ADD, BOp.SUB, BOp.MUL), term, JType.DOUBLE)));
    }
    body.addAll(stmts(1 + r.nextInt(3)));
    loopLabels.remove(loopLabels.size() - 1);
    nesting--;
    scopeEnd(mark);
    assigned = before;
    out.add(new Ast.ForEach(label, vt, var, a.name(), body));
  }

  /** A column index into matrix {@code m}: a literal, or {@code Math.abs(e % cols)}. */
  private Expr colIndex(String m) {
    int n = matrixCols.get(m);
    if (n < 0 && r.nextBoolean()) {
      return Lit.integer(0);
    }
    if (n > 0 && r.nextBoolean()) {
      return Lit.integer(r.nextInt(n));
    }
    effectFree++;
    Expr e = integral(JType.INT, 1 + r.nextInt(2));
    effectFree--;
    Expr len = n < 0 ? new Ast.RowLength(m) : Lit.integer(n);
    return math("abs", List.of(new Bin(BOp.REM, e, len, JType.INT)), JType.INT);
  }

  /** {@code double[] a = new double[n]}, {@code = {...}}, {@code = b.clone()} or {@code = b}. */
  private void array(List<Stmt> out) {
    Param source = pickVar(JType.DARRAY, true, false);
    List<String> kinds = new ArrayList<>(List.of("array.new", "array.init"));
    if (source != null) {
      kinds.add("array.clone");
      kinds.add("array.alias");
    }
    String kind = w.pick(r, kinds);
    int n = 2 + r.nextInt(4);
    Expr init;
    switch (kind == null ? "array.new" : kind) {
      case "array.init":
        {
          List<Expr> el = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            el.add(r.nextInt(5) == 0 ? gen(numericType(), depth() - 1) : dbl(depth() - 1));
          }
          init = new Ast.NewArray(n, el);
          break;
        }
      case "array.clone":
        n = arrayLength.get(source.name());
        init = new Ast.CloneArray(source.name());
        break;
      case "array.alias":
        n = arrayLength.get(source.name());
        init = new Ref(source.name(), JType.DARRAY);
        break;
      default:
        init = new Ast.NewArray(n, null);
    }
    String name = "a" + arrayCounter++;
    used.add(name);
    out.add(new Decl(JType.DARRAY, name, JType.DARRAY, init));
    visible.add(new Param(name, JType.DARRAY));
    assigned.add(name);
    arrayLength.put(name, n);
    if (!"array.alias".equals(kind) || writable.contains(source.name())) {
      writable.add(name);
    }
  }

  /** An index into array {@code a}: a literal, or {@code Math.abs(e % n)}. */
  private Expr index(String a) {
    int n = arrayLength.get(a);
    if (r.nextBoolean()) {
      return Lit.integer(n < 0 ? 0 : r.nextInt(n));
    }
    effectFree++;
    Expr e = integral(JType.INT, 1 + r.nextInt(2));
    effectFree--;
    Expr len = n < 0 ? new Ast.Length(a) : Lit.integer(n);
    return math("abs", List.of(new Bin(BOp.REM, e, len, JType.INT)), JType.INT);
  }

  private Expr loopStart() {
    Param v = pickVar(JType.INT, true, true);
    if (v != null && r.nextInt(4) == 0) {
      return math("max", List.of(new Ref(v.name(), JType.INT), Lit.integer(-2)), JType.INT);
    }
    return Lit.integer(r.nextInt(3));
  }

  private Expr loopBound() {
    Param v = pickVar(JType.INT, true, true);
    if (v != null && r.nextInt(3) == 0) {
      return math("min", List.of(new Ref(v.name(), JType.INT), Lit.integer(1 + r.nextInt(5))), JType.INT);
    }
    return Lit.integer(1 + r.nextInt(5));
  }

  private void assign(List<Stmt> out) {
    Param v = pickTarget(null, false, false);
    if (v == null || v.type() == JType.BOOLEAN && r.nextInt(3) > 0) {
      JType t = localType(false);
      String name = localName();
      out.add(new Decl(t, name, t, gen(t, depth())));
      visible.add(new Param(name, t));
      assigned.add(name);
      return;
    }
    out.add(new ExprStmt(new Assign(v.name(), null, gen(assignable(v.type()), depth()), v.type())));
    assigned.add(v.name());
  }

  /**
   * {@code switch (sel) { ... }} on an int: one to four cases with one or two labels from -2..4
   * each, default somewhere (or none), arrow or colon form; a colon case may end in break or fall
   * through. Locals it assigns are not definitely assigned after it.
   */
  private void switchStmt(List<Stmt> out) {
    Expr sel = gen(JType.INT, depth());
    if (r.nextBoolean()) {
      sel = new Bin(BOp.REM, sel, Lit.integer(3 + r.nextInt(3)), JType.INT);
    }
    boolean arrow = r.nextBoolean();
    int n = 1 + r.nextInt(4);
    List<Integer> pool = new ArrayList<>(List.of(-2, -1, 0, 1, 2, 3, 4));
    java.util.Collections.shuffle(pool, r);
    int defaultAt = r.nextInt(4) == 0 ? -1 : r.nextInt(n);
    Set<String> before = new HashSet<>(assigned);
    List<Ast.SwitchCase> cases = new ArrayList<>();
    nesting++;
    switchDepth++;
    for (int i = 0; i < n; i++) {
      List<Integer> labels = new ArrayList<>();
      if (i != defaultAt) {
        int k = 1 + (r.nextInt(3) == 0 ? 1 : 0);
        for (int j = 0; j < k && !pool.isEmpty(); j++) {
          labels.add(pool.remove(pool.size() - 1));
        }
        if (labels.isEmpty()) {
          continue;
        }
      }
      assigned = new HashSet<>(before);
      int mark = visible.size();
      List<Stmt> body = stmts((arrow ? 1 : 0) + r.nextInt(3));
      if (!arrow && Ast.completesNormally(body) && r.nextInt(3) != 0) {
        body.add(new Ast.Break(null));
      }
      scopeEnd(mark);
      cases.add(new Ast.SwitchCase(labels, body));
    }
    switchDepth--;
    nesting--;
    assigned = before;
    if (cases.isEmpty()) {
      return;
    }
    out.add(new Ast.Switch(sel, arrow, cases));
  }

  /** {@code T z; if (c) { ...; z = a; } else { ...; z = b; }}, a branch may return instead. */
  private void declSplit(List<Stmt> out) {
    JType t = localType(false);
    String name = localName();
    out.add(new Decl(t, name, t, null));
    visible.add(new Param(name, t));
    Expr c = gen(JType.BOOLEAN, depth());
    Set<String> before = new HashSet<>(assigned);
    List<List<Stmt>> branches = new ArrayList<>();
    List<Set<String>> after = new ArrayList<>();
    boolean returned = false;
    for (int b = 0; b < 2; b++) {
      assigned = new HashSet<>(before);
      int mark = visible.size();
      nesting++;
      List<Stmt> body = stmts(r.nextInt(3));
      if (Ast.completesNormally(body)) {
        if (!returned && earlyReturns < cfg.maxEarlyReturns() && r.nextInt(5) == 0) {
          body.add(new Return(returnExpr()));
          returned = true;
          earlyReturns++;
        } else {
          body.add(new ExprStmt(new Assign(name, null, gen(assignable(t), depth()), t)));
          assigned.add(name);
        }
      }
      nesting--;
      scopeEnd(mark);
      branches.add(body);
      after.add(Ast.completesNormally(body) ? assigned : null);
    }
    out.add(new If(c, branches.get(0), branches.get(1)));
    assigned = join(before, after.get(0), after.get(1));
  }

  private static Set<String> join(Set<String> before, Set<String> a, Set<String> b) {
    if (a == null && b == null) {
      return before; // unreachable after; nothing follows
    }
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Set<String> out = new HashSet<>(a);
    out.retainAll(b);
    return out;
  }

  private Stmt ifStmt(boolean early) {
    Expr c = gen(JType.BOOLEAN, depth());
    Set<String> before = new HashSet<>(assigned);
    int mark = visible.size();
    nesting++;
    List<Stmt> then = stmts(early ? r.nextInt(3) : 1 + r.nextInt(3));
    if (early && Ast.completesNormally(then)) {
      then.add(new Return(returnExpr()));
    }
    nesting--;
    scopeEnd(mark);
    Set<String> afterThen = Ast.completesNormally(then) ? assigned : null;
    List<Stmt> otherwise = null;
    Set<String> afterElse = before;
    if (r.nextInt(early ? 4 : 2) == 0) {
      assigned = new HashSet<>(before);
      nesting++;
      otherwise = stmts(1 + r.nextInt(3));
      nesting--;
      scopeEnd(mark);
      afterElse = Ast.completesNormally(otherwise) ? assigned : null;
    }
    assigned = join(before, afterThen, afterElse);
    if (otherwise == null) {
      assigned = new HashSet<>(before);
    }
    return new If(c, then, otherwise);
  }

  private void scopeEnd(int mark) {
    while (visible.size() > mark) {
      visible.remove(visible.size() - 1);
    }
  }

  private Expr returnExpr() {
    if (ret == JType.FLOAT && r.nextInt(6) == 0) {
      return gen(JType.INT, depth());
    }
    Expr e = gen(ret, depth() + 1);
    if (ret == JType.DOUBLE && r.nextInt(3) == 0) {
      // Make the arrays matter: add an element of one.
      Param a = r.nextBoolean() ? pickArray(JType.DARRAY, false) : pickArray(JType.DMATRIX, false);
      if (a != null) {
        Expr el = a.type() == JType.DARRAY ? new Ast.Load(a.name(), index(a.name())) : new Ast.Load2(a.name(), index(a.name()), colIndex(a.name()));
        e = new Bin(BOp.ADD, e, el, JType.DOUBLE);
      }
    }
    for (int k = ret.numeric() && r.nextInt(10) < 7 ? 1 + r.nextInt(2) : 0; k > 0; k--) {
      e = mix(e, ret);
    }
    return e;
  }

  /**
   * {@code e op v} for a recently assigned variable {@code v} whose type keeps the type {@code t}:
   * so that results depend on the computation before them.
   */
  private Expr mix(Expr e, JType t) {
    List<Param> c = new ArrayList<>();
    for (int i = visible.size() - 1; i >= 0 && c.size() < 4; i--) {
      Param v = visible.get(i);
      if (v.type().numeric() && assigned.contains(v.name()) && JType.promote(t, v.type()) == t) {
        c.add(v);
      }
    }
    if (c.isEmpty()) {
      return e;
    }
    Param v = c.get(r.nextInt(c.size()));
    Expr ref = new Ref(v.name(), v.type());
    BOp op = List.of(BOp.ADD, BOp.SUB, BOp.MUL).get(r.nextInt(3));
    return r.nextBoolean() ? new Bin(op, e, ref, t) : new Bin(op, ref, e, t);
  }

  private int depth() {
    return 1 + r.nextInt(cfg.maxDepth());
  }

  /** The type of a new local. */
  private JType localType(boolean allowBoolean) {
    List<String> keys = new ArrayList<>(List.of("type.double", "type.int", "type.long"));
    if (floatMode) {
      keys.add("type.float");
    }
    if (allowBoolean) {
      keys.add("type.boolean");
    }
    return typeOf(w.pick(r, keys));
  }

  private static JType typeOf(String key) {
    switch (key == null ? "type.double" : key) {
      case "type.int":
        return JType.INT;
      case "type.long":
        return JType.LONG;
      case "type.float":
        return JType.FLOAT;
      case "type.boolean":
        return JType.BOOLEAN;
      default:
        return JType.DOUBLE;
    }
  }

  /** A type whose values can be assigned to {@code t} (mostly {@code t} itself). */
  private JType assignable(JType t) {
    if (r.nextInt(5) > 0) {
      return t;
    }
    switch (t) {
      case DOUBLE:
        return numericType();
      case FLOAT:
        return r.nextBoolean() ? JType.INT : JType.FLOAT;
      case LONG:
        return JType.INT;
      default:
        return t;
    }
  }

  /** A numeric operand type (float only in float methods). */
  private JType numericType() {
    List<String> keys = new ArrayList<>(List.of("type.double", "type.int", "type.long"));
    if (floatMode) {
      keys.add("type.float");
    }
    return typeOf(w.pick(r, keys));
  }

  /**
   * A variable in scope of type {@code t} (any numeric type if null), definitely assigned if
   * {@code da}; {@code numeric} excludes booleans. Locals are preferred.
   */
  private Param pickVar(JType t, boolean da, boolean numeric) {
    List<Param> c = new ArrayList<>();
    for (Param p : visible) {
      if ((t == null ? !numeric || p.type().numeric() : p.type() == t) && (!da || assigned.contains(p.name()))) {
        c.add(p);
        if (!isParam(p)) {
          c.add(p); // locals twice as likely
        }
      }
    }
    return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
  }

  /** Like {@link #pickVar}, for a variable to write: never a loop counter. */
  private Param pickTarget(JType t, boolean da, boolean numeric) {
    for (int tries = 0; tries < 8; tries++) {
      Param v = pickVar(t, da, numeric);
      if (v == null || (!readOnly.contains(v.name()) && !v.type().array())) {
        return v;
      }
    }
    return null;
  }

  private boolean isParam(Param p) {
    return paramNames.contains(p.name());
  }

  // ---- Expressions ----------------------------------------------------------------------------

  /** An expression of exactly type {@code t}, at most {@code d} levels deep. */
  Expr gen(JType t, int d) {
    switch (t) {
      case DOUBLE:
        return dbl(d);
      case FLOAT:
        return flt(d);
      case INT:
      case LONG:
        return integral(t, d);
      default:
        return bool(d);
    }
  }

  private String choose(String prefix, int d, String... keys) {
    List<String> k = new ArrayList<>();
    for (String s : keys) {
      String key = prefix + "." + s;
      boolean leaf = s.equals("var") || s.equals("lit") || s.equals("const") || s.equals("load") || s.equals("load2") || s.equals("length");
      if (d <= 0 && !leaf) {
        continue;
      }
      if (pure > 0 && (s.equals("assign") || s.equals("incdec") || s.equals("call"))) {
        continue;
      }
      if (effectFree > 0 && (s.equals("assign") || s.equals("incdec"))) {
        continue;
      }
      k.add(key);
    }
    if (d <= 0 && k.contains(prefix + ".var") && r.nextInt(10) < 7) {
      return prefix + ".var";
    }
    String c = w.pick(r, k);
    return c == null ? prefix + ".lit" : c;
  }

  private Expr dbl(int d) {
    String k = choose("d", d, "var", "lit", "const", "arith", "mixed", "div", "rem", "neg", "plus", "math", "ternary", "switch", "cast", "call", "assign", "incdec", "load", "load2");
    switch (k) {
      case "d.load2":
        {
          Param m = pickArray(JType.DMATRIX, false);
          if (m != null) {
            return new Ast.Load2(m.name(), index(m.name()), colIndex(m.name()));
          }
          Param v = pickVar(JType.DOUBLE, true, true);
          return v == null ? Lit.dbl(nice()) : new Ref(v.name(), JType.DOUBLE);
        }
      case "d.load":
        {
          Param a = pickVar(JType.DARRAY, true, false);
          if (a != null) {
            return new Ast.Load(a.name(), index(a.name()));
          }
          Param v = pickVar(JType.DOUBLE, true, true);
          return v == null ? Lit.dbl(nice()) : new Ref(v.name(), JType.DOUBLE);
        }
      case "d.var":
        {
          Param v = pickVar(JType.DOUBLE, true, true);
          return v == null ? Lit.dbl(nice()) : new Ref(v.name(), JType.DOUBLE);
        }
      case "d.const":
        return constant(JType.DOUBLE);
      case "d.arith":
        return new Bin(arithOp(), dbl(d - 1), dbl(d - 1), JType.DOUBLE);
      case "d.mixed":
        {
          JType o = r.nextBoolean() ? JType.INT : floatMode && r.nextBoolean() ? JType.FLOAT : JType.LONG;
          Expr a = dbl(d - 1);
          Expr b = gen(o, d - 1);
          return r.nextBoolean() ? new Bin(arithOp(), a, b, JType.DOUBLE) : new Bin(arithOp(), b, a, JType.DOUBLE);
        }
      case "d.div":
        return new Bin(BOp.DIV, dbl(d - 1), denominator(d - 1), JType.DOUBLE);
      case "d.rem":
        return new Bin(BOp.REM, dbl(d - 1), r.nextBoolean() ? Lit.dbl(pickD(0.5, 1.5, 2.0, -0.75, 3.0)) : denominator(d - 1), JType.DOUBLE);
      case "d.neg":
        return new Unary(Ast.UOp.NEG, dbl(d - 1), JType.DOUBLE);
      case "d.plus":
        return new Unary(Ast.UOp.PLUS, dbl(d - 1), JType.DOUBLE);
      case "d.math":
        return mathDouble(d - 1);
      case "d.ternary":
        return new Cond(bool(d - 1), dbl(d - 1), r.nextInt(4) == 0 ? gen(numericType(), d - 1) : dbl(d - 1), JType.DOUBLE);
      case "d.switch":
        {
          Expr sel = gen(JType.INT, d - 1);
          if (r.nextBoolean()) {
            sel = new Bin(BOp.REM, sel, Lit.integer(3 + r.nextInt(3)), JType.INT);
          }
          List<Integer> pool = new ArrayList<>(List.of(-2, -1, 0, 1, 2, 3, 4));
          java.util.Collections.shuffle(pool, r);
          List<List<Integer>> labels = new ArrayList<>();
          List<Expr> arms = new ArrayList<>();
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            labels.add(r.nextInt(3) == 0 ? List.of(pool.remove(0), pool.remove(0)) : List.of(pool.remove(0)));
            arms.add(dbl(d - 1));
          }
          arms.add(dbl(d - 1));
          return new Ast.SwitchExpr(sel, labels, arms, JType.DOUBLE);
        }
      case "d.cast":
        {
          JType from = r.nextBoolean() ? JType.INT : floatMode ? JType.FLOAT : JType.LONG;
          return new Cast(JType.DOUBLE, gen(from, d - 1));
        }
      case "d.call":
        {
          Expr c = call(JType.DOUBLE, d - 1);
          return c != null ? c : dbl(d - 1);
        }
      case "d.assign":
        return assignExpr(JType.DOUBLE, d - 1);
      case "d.incdec":
        return incdec(JType.DOUBLE);
      default:
        return Lit.dbl(r.nextInt(3) == 0 ? round2(r.nextDouble() * 6 - 3) : nice());
    }
  }

  private Expr flt(int d) {
    String k = choose("f", d, "var", "lit", "const", "arith", "mixed", "div", "rem", "neg", "math", "ternary", "cast", "call", "assign", "incdec");
    switch (k) {
      case "f.var":
        {
          Param v = pickVar(JType.FLOAT, true, true);
          return v == null ? new Cast(JType.FLOAT, dbl(d - 1)) : new Ref(v.name(), JType.FLOAT);
        }
      case "f.const":
        return constant(JType.FLOAT);
      case "f.arith":
        return new Bin(arithOp(), flt(d - 1), flt(d - 1), JType.FLOAT);
      case "f.mixed":
        {
          Expr a = flt(d - 1);
          Expr b = integral(r.nextInt(4) == 0 ? JType.LONG : JType.INT, d - 1);
          return r.nextBoolean() ? new Bin(arithOp(), a, b, JType.FLOAT) : new Bin(arithOp(), b, a, JType.FLOAT);
        }
      case "f.div":
        return new Bin(BOp.DIV, flt(d - 1), r.nextBoolean() ? Lit.flt(1.5f) : new Cast(JType.FLOAT, denominator(d - 1)), JType.FLOAT);
      case "f.rem":
        return new Bin(BOp.REM, flt(d - 1), Lit.flt(pickF(0.5f, 1.25f, 2f)), JType.FLOAT);
      case "f.neg":
        return new Unary(Ast.UOp.NEG, flt(d - 1), JType.FLOAT);
      case "f.math":
        return mathFloat(d - 1);
      case "f.ternary":
        return new Cond(bool(d - 1), flt(d - 1), r.nextInt(3) == 0 ? integral(JType.INT, d - 1) : flt(d - 1), JType.FLOAT);
      case "f.cast":
        return new Cast(JType.FLOAT, r.nextInt(5) == 0 ? integral(JType.INT, d - 1) : dbl(d - 1));
      case "f.call":
        {
          Expr c = call(JType.FLOAT, d - 1);
          return c != null ? c : new Cast(JType.FLOAT, dbl(d - 1));
        }
      case "f.assign":
        return assignExpr(JType.FLOAT, d - 1);
      case "f.incdec":
        return incdec(JType.FLOAT);
      default:
        return Lit.flt((float) (r.nextInt(3) == 0 ? round2(r.nextDouble() * 6 - 3) : nice()));
    }
  }

  private Expr integral(JType t, int d) {
    String k = choose("i", d, "var", "lit", "const", "arith", "div", "neg", "cast", "math", "ternary", "incdec", "assign", "call", "length");
    switch (k) {
      case "i.length":
        {
          Param a = t == JType.INT ? (r.nextInt(3) == 0 ? pickArray(JType.DMATRIX, false) : pickArray(JType.DARRAY, false)) : null;
          if (a != null) {
            return a.type() == JType.DMATRIX && r.nextBoolean() ? new Ast.RowLength(a.name()) : new Ast.Length(a.name());
          }
          return intLit(t);
        }
      case "i.call":
        {
          Expr c = t == JType.INT ? call(JType.INT, d - 1) : null;
          return c != null ? c : intLit(t);
        }
      case "i.var":
        {
          Param v = pickVar(t, true, true);
          if (v == null && t == JType.LONG && r.nextBoolean()) {
            return new Cast(JType.LONG, integral(JType.INT, d));
          }
          return v == null ? intLit(t) : new Ref(v.name(), t);
        }
      case "i.const":
        return constant(t);
      case "i.arith":
        {
          Expr a = integral(t, d - 1);
          Expr b = integral(t == JType.LONG && r.nextBoolean() ? JType.INT : t, d - 1);
          BOp op = List.of(BOp.ADD, BOp.SUB, BOp.MUL).get(r.nextInt(3));
          return r.nextBoolean() ? new Bin(op, a, b, t) : new Bin(op, b, a, t);
        }
      case "i.div":
        {
          // Divisors never zero: a non-zero literal or e * e + 1 (never 0, even with overflow).
          Expr divisor;
          if (r.nextBoolean()) {
            divisor = t == JType.INT ? Lit.integer(pickI(2, 3, -3, 4, 7)) : Lit.lng(pickI(2, 3, -3, 4, 7));
          } else {
            pure++;
            Expr e = integral(t, d - 1);
            pure--;
            divisor = new Bin(BOp.ADD, new Bin(BOp.MUL, e, e, t), t == JType.INT ? Lit.integer(1) : Lit.lng(1), t);
          }
          return new Bin(r.nextBoolean() ? BOp.DIV : BOp.REM, integral(t, d - 1), divisor, t);
        }
      case "i.neg":
        return new Unary(Ast.UOp.NEG, integral(t, d - 1), t);
      case "i.cast":
        {
          JType from = t == JType.INT ? (r.nextInt(4) == 0 ? JType.LONG : floatMode && r.nextBoolean() ? JType.FLOAT : JType.DOUBLE) : JType.DOUBLE;
          return new Cast(t, gen(from, d - 1));
        }
      case "i.math":
        {
          String fn = pick("abs", "max", "min");
          if (fn.equals("abs")) {
            return math(fn, List.of(integral(t, d - 1)), t);
          }
          Expr a = integral(t, d - 1);
          Expr b = integral(t == JType.LONG && r.nextBoolean() ? JType.INT : t, d - 1);
          return math(fn, r.nextBoolean() ? List.of(a, b) : List.of(b, a), t);
        }
      case "i.ternary":
        return new Cond(bool(d - 1), integral(t, d - 1), integral(t, d - 1), t);
      case "i.incdec":
        return incdec(t);
      case "i.assign":
        return assignExpr(t, d - 1);
      default:
        return intLit(t);
    }
  }

  private Expr intLit(JType t) {
    int v = r.nextInt(12) - 3;
    return t == JType.INT ? Lit.integer(v) : Lit.lng(v);
  }

  private Expr bool(int d) {
    String k = choose("b", Math.max(d, 1), "cmp", "and", "or", "not", "bitwise", "var", "lit", "eq", "call");
    if (d <= 0) {
      k = "b.cmp"; // comparisons of leaves
    }
    switch (k) {
      case "b.call":
        {
          Expr c = call(JType.BOOLEAN, d - 1);
          if (c != null) {
            return c;
          }
        }
        return new Bin(BOp.LT, dbl(d - 1), dbl(d - 1), JType.BOOLEAN);
      case "b.cmp":
        {
          JType a = r.nextInt(4) == 0 ? numericType() : JType.DOUBLE;
          JType b = r.nextInt(4) == 0 ? numericType() : a;
          BOp op = List.of(BOp.LT, BOp.LE, BOp.GT, BOp.GE, BOp.EQ, BOp.NE).get(r.nextInt(r.nextInt(3) == 0 ? 6 : 4));
          return new Bin(op, gen(a, d - 1), gen(b, d - 1), JType.BOOLEAN);
        }
      case "b.and":
        return new Bin(BOp.AND, bool(d - 1), bool(d - 1), JType.BOOLEAN);
      case "b.or":
        return new Bin(BOp.OR, bool(d - 1), bool(d - 1), JType.BOOLEAN);
      case "b.not":
        return new Unary(Ast.UOp.NOT, bool(d - 1), JType.BOOLEAN);
      case "b.bitwise":
        return new Bin(pick(BOp.BAND, BOp.BOR, BOp.BXOR), bool(d - 1), bool(d - 1), JType.BOOLEAN);
      case "b.var":
        {
          Param v = pickVar(JType.BOOLEAN, true, false);
          return v == null ? bool(0) : new Ref(v.name(), JType.BOOLEAN);
        }
      case "b.eq":
        return new Bin(r.nextBoolean() ? BOp.EQ : BOp.NE, bool(d - 1), bool(d - 1), JType.BOOLEAN);
      default:
        return Lit.bool(r.nextBoolean());
    }
  }

  private BOp arithOp() {
    return List.of(BOp.ADD, BOp.ADD, BOp.SUB, BOp.MUL, BOp.MUL).get(r.nextInt(5));
  }

  private Expr constant(JType t) {
    if (t == JType.DOUBLE && r.nextInt(3) == 0) {
      return new Field(Field.MATH, !staticImports.get(owner) || r.nextBoolean(), r.nextBoolean() ? "PI" : "E", JType.DOUBLE);
    }
    List<Field> c = new ArrayList<>();
    for (int o = 0; o < constants.size(); o++) {
      for (Constant k : constants.get(o)) {
        if (k.type() == t && (o == owner || !k.priv())) {
          c.add(new Field(o, o != owner || r.nextInt(4) == 0, k.name(), t));
        }
      }
    }
    if (c.isEmpty()) {
      return t.floating() ? Lit.of(t, nice()) : intLit(t);
    }
    return c.get(r.nextInt(c.size()));
  }

  private Expr assignExpr(JType t, int d) {
    Param v = pickTarget(t, true, true);
    if (v == null) {
      return gen(t, d);
    }
    if (r.nextBoolean()) {
      return new Assign(v.name(), null, gen(t, d), t);
    }
    return compound(v, pick(BOp.ADD, BOp.SUB, BOp.MUL), d);
  }

  /** {@code v op= e}. */
  private Expr compound(Param v, BOp op, int d) {
    Expr rhs;
    if (op == BOp.DIV || op == BOp.REM) {
      if (v.type().integral()) {
        rhs = v.type() == JType.INT ? Lit.integer(pickI(2, 3, -2, 5)) : Lit.lng(pickI(2, 3, -2, 5));
      } else if (op == BOp.REM && r.nextBoolean()) {
        rhs = Lit.dbl(pickD(1.5, 0.75, 2.0));
      } else {
        rhs = denominator(d);
      }
    } else {
      rhs = gen(r.nextInt(3) == 0 ? numericType() : v.type(), d);
    }
    return new Assign(v.name(), op, rhs, v.type());
  }

  private Expr incdec(JType t) {
    Param v = pickTarget(t, true, true);
    if (v == null) {
      return gen(t, 0);
    }
    return new IncDec(v.name(), r.nextBoolean(), r.nextBoolean(), t);
  }

  /** A call of an earlier method that returns {@code t}, or null if there is none to call. */
  private Expr call(JType t, int d) {
    if (calls >= cfg.maxCalls()) {
      return null;
    }
    List<Integer> c = new ArrayList<>();
    for (int i = 0; i < methods.size(); i++) {
      if (methods.get(i).ret() == t && cost.get(i) <= cfg.maxCalleeCost() && arraysAvailable(methods.get(i))) {
        c.add(i);
      }
    }
    if (c.isEmpty()) {
      return null;
    }
    calls++;
    int m = c.get(r.nextInt(c.size()));
    Method callee = methods.get(m);
    List<Expr> args = new ArrayList<>();
    for (Param p : callee.params()) {
      if (p.type().array()) {
        args.add(arrayArg(p.type(), d));
        continue;
      }
      if (p.type().floating() && (callee.plain() ? callee.ret().floating() : !callee.differentiable(p))) {
        // Excluded by wrt, or a helper returning double: only constant arguments.
        args.add(r.nextBoolean() ? Lit.of(p.type(), nice()) : constant(p.type()));
        continue;
      }
      switch (p.type()) {
        case DOUBLE:
          args.add(gen(r.nextInt(5) == 0 ? numericType() : JType.DOUBLE, d));
          break;
        case FLOAT:
          args.add(gen(r.nextInt(5) == 0 ? JType.INT : JType.FLOAT, d));
          break;
        case LONG:
          args.add(integral(r.nextBoolean() ? JType.INT : JType.LONG, d));
          break;
        default:
          args.add(gen(p.type(), d));
      }
    }
    boolean qualified = callee.owner() != owner || w.percent(r, "method.qualifiedCall");
    return new Call(m, qualified, args, t);
  }

  /** Whether every array parameter of {@code callee} is differentiable and has an argument in scope. */
  private boolean arraysAvailable(Method callee) {
    for (Param p : callee.params()) {
      if (p.type().array() && (!callee.differentiable(p) || (pickArray(p.type(), false) == null && p.type() == JType.DMATRIX))) {
        return false;
      }
    }
    return true;
  }

  /** An array argument: a variable, a row {@code m[i]}, or {@code new double[] {...}}. */
  private Expr arrayArg(JType t, int d) {
    if (t == JType.DARRAY && r.nextInt(10) < w.get("call.arrayArg")) {
      Param m = pickArray(JType.DMATRIX, false);
      if (m != null && r.nextBoolean()) {
        return new Ast.Row(m.name(), index(m.name()));
      }
      int n = 1 + r.nextInt(3);
      List<Expr> el = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        el.add(dbl(Math.max(0, d - 1)));
      }
      return new Ast.NewArray(n, el);
    }
    Param a = pickArray(t, false);
    if (a == null) {
      List<Expr> el = List.of(dbl(Math.max(0, d - 1)), dbl(Math.max(0, d - 1)));
      return new Ast.NewArray(2, el);
    }
    return new Ref(a.name(), t);
  }

  // ---- Math functions and domain guards -------------------------------------------------------

  private boolean strict() {
    return r.nextInt(10) < w.get("fn.strict");
  }

  private boolean raw() {
    return w.pick(r, List.of("guard.raw", "guard.safe")).equals("guard.raw");
  }

  private MathCall m(String fn, Expr... args) {
    return math(fn, List.of(args), JType.DOUBLE);
  }

  /** {@code Math.fn}, {@code StrictMath.fn} or, with the static import, {@code fn}. */
  private MathCall math(String fn, List<Expr> args, JType t) {
    boolean strict = strict();
    boolean bare = !strict && staticImports.get(owner) && r.nextInt(3) > 0;
    return new MathCall(fn, strict, args, t, bare);
  }

  /** A double operand of a double-only Math function: sometimes an int. */
  private Expr arg(int d) {
    return r.nextInt(10) < w.get("fn.intArg") ? integral(JType.INT, d) : dbl(d);
  }

  private Expr mathDouble(int d) {
    List<String> fns = w.enabled("fn.");
    fns.remove("fn.strict");
    fns.remove("fn.intArg");
    String fn = w.pick(r, fns);
    if (fn == null) {
      return dbl(0);
    }
    fn = fn.substring(3);
    switch (fn) {
      case "sin":
      case "cos":
      case "atan":
      case "tanh":
      case "cbrt":
      case "floor":
      case "ceil":
      case "rint":
      case "toRadians":
      case "toDegrees":
        return m(fn, arg(d));
      case "abs":
      case "signum":
        return m(fn, dbl(d));
      case "tan":
      case "sinh":
      case "cosh":
      case "exp":
      case "expm1":
        return m(fn, bounded(d));
      case "log":
      case "log10":
      case "sqrt":
        return m(fn, positive(d));
      case "log1p":
        return m(fn, raw() ? dbl(d) : r.nextBoolean() ? positive(d) : square(d));
      case "asin":
      case "acos":
        return m(fn, unit(d));
      case "atan2":
      case "hypot":
        return m(fn, arg(d), arg(d));
      case "pow":
        {
          if (r.nextBoolean()) {
            Expr exponent = r.nextBoolean() ? Lit.dbl(pickD(0.5, 1.5, 2.0, 3.0, -0.5, 2.5, 0.0, 1.0, -1.5)) : raw() ? dbl(d) : m("sin", dbl(d));
            return m(fn, raw() ? dbl(d) : positive(d), exponent);
          }
          Expr exponent = r.nextBoolean() ? Lit.dbl(pickD(2.0, 3.0, 1.0, 4.0)) : Lit.integer(pickI(2, 3));
          return m(fn, dbl(d), exponent);
        }
      case "max":
      case "min":
      case "copySign":
        {
          Expr a = dbl(d);
          Expr b = r.nextInt(4) == 0 && !fn.equals("copySign") ? gen(numericType(), d) : dbl(d);
          return r.nextBoolean() ? m(fn, a, b) : m(fn, b, a);
        }
      case "fma":
        return m(fn, dbl(d), dbl(d), r.nextInt(4) == 0 ? integral(JType.INT, d) : dbl(d));
      default:
        throw new IllegalStateException(fn);
    }
  }

  private Expr mathFloat(int d) {
    String fn = pick("abs", "max", "min", "signum", "copySign", "fma");
    switch (fn) {
      case "abs":
      case "signum":
        return math(fn, List.of(flt(d)), JType.FLOAT);
      case "fma":
        return math(fn, List.of(flt(d), flt(d), r.nextInt(3) == 0 ? integral(JType.INT, d) : flt(d)), JType.FLOAT);
      default:
        {
          Expr a = flt(d);
          Expr b = r.nextInt(3) == 0 ? integral(JType.INT, d) : flt(d);
          return math(fn, r.nextBoolean() ? List.of(a, b) : List.of(b, a), JType.FLOAT);
        }
    }
  }

  /** A double operand without side effects (it is written twice). */
  private Expr pureDbl(int d) {
    pure++;
    Expr e = dbl(d);
    pure--;
    return e;
  }

  /** e * e. */
  private Expr square(int d) {
    Expr e = pureDbl(d);
    return new Bin(BOp.MUL, e, e, JType.DOUBLE);
  }

  /** A positive value (or a raw one). */
  private Expr positive(int d) {
    if (raw()) {
      return dbl(d);
    }
    double c = pickD(0.1, 0.5, 1.0, 0.25, 2.0);
    switch (r.nextInt(5)) {
      case 0:
        return new Bin(BOp.ADD, square(d), Lit.dbl(c), JType.DOUBLE);
      case 1:
        return new Bin(BOp.ADD, m("abs", dbl(d)), Lit.dbl(c), JType.DOUBLE);
      case 2:
        return m("exp", m("tanh", dbl(d)));
      case 3:
        return m("hypot", dbl(d), Lit.dbl(c));
      default:
        return m("cosh", m("sin", dbl(d)));
    }
  }

  /** A denominator away from 0 (or a raw one). */
  private Expr denominator(int d) {
    if (raw()) {
      return dbl(d);
    }
    switch (r.nextInt(4)) {
      case 0:
        return new Bin(BOp.ADD, Lit.dbl(1.5), m(r.nextBoolean() ? "sin" : "cos", dbl(d)), JType.DOUBLE);
      case 1:
        return Lit.dbl(pickD(2.0, -3.0, 0.5, 1.25));
      default:
        return positive(d);
    }
  }

  /** A value of moderate size, for exp, sinh, cosh, tan (or a raw one). */
  private Expr bounded(int d) {
    if (raw()) {
      return dbl(d);
    }
    switch (r.nextInt(3)) {
      case 0:
        return new Bin(BOp.MUL, m("tanh", dbl(d)), Lit.dbl(pickD(1.4, 2.0, 3.0)), JType.DOUBLE);
      case 1:
        return m("sin", dbl(d));
      default:
        return m("atan", dbl(d));
    }
  }

  /** A value in (-1, 1), for asin and acos. */
  private Expr unit(int d) {
    switch (r.nextInt(3)) {
      case 0:
        return new Bin(BOp.MUL, m("tanh", dbl(d)), Lit.dbl(0.9), JType.DOUBLE);
      case 1:
        return new Bin(BOp.MUL, m("sin", dbl(d)), Lit.dbl(0.9), JType.DOUBLE);
      default:
        return new Bin(BOp.MUL, m("cos", dbl(d)), Lit.dbl(0.5), JType.DOUBLE);
    }
  }

  // ---- Random helpers -------------------------------------------------------------------------

  private double nice() {
    return NICE[r.nextInt(NICE.length)];
  }

  private static double round2(double x) {
    return Math.round(x * 100) / 100.0;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[r.nextInt(options.length)];
  }

  private double pickD(double... options) {
    return options[r.nextInt(options.length)];
  }

  private float pickF(float... options) {
    return options[r.nextInt(options.length)];
  }

  private int pickI(int... options) {
    return options[r.nextInt(options.length)];
  }
}
