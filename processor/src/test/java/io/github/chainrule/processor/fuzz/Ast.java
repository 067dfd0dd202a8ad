package io.github.chainrule.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzer's own description of a generated program: typed expressions and statements. One
 * description is printed as Java source ({@link JavaPrinter}) and interpreted over Hipparchus
 * derivative structures ({@link Reference}); the reference is never derived from the source text.
 *
 * <p>To add a construct: add a node here, a
 * case to {@link JavaPrinter}, {@link Reference} and {@link Validator} (and {@link Shrinker} if it
 * has parts that must not be edited), and a weighted production to {@link Generator}; array
 * parameters also need {@link Checker} to pass array tangents and adjoints.
 */
final class Ast {
  private Ast() {}

  /** The primitive types a differentiable method may use. Order: binary numeric promotion. */
  enum JType {
    BOOLEAN("boolean", 'Z', boolean.class),
    INT("int", 'I', int.class),
    LONG("long", 'J', long.class),
    FLOAT("float", 'F', float.class),
    DOUBLE("double", 'D', double.class),
    /** {@code double[]}: parameters, locals, rows of matrices. */
    DARRAY("double[]", '[', double[].class),
    /** {@code double[][]}: parameters and locals (rectangular). */
    DMATRIX("double[][]", '[', double[][].class);

    final String java;
    final char descriptor;
    final Class<?> cls;

    JType(String java, char descriptor, Class<?> cls) {
      this.java = java;
      this.descriptor = descriptor;
      this.cls = cls;
    }

    boolean numeric() {
      return this == INT || this == LONG || this == FLOAT || this == DOUBLE;
    }

    boolean floating() {
      return this == FLOAT || this == DOUBLE;
    }

    boolean integral() {
      return this == INT || this == LONG;
    }

    boolean array() {
      return this == DARRAY || this == DMATRIX;
    }

    static JType promote(JType a, JType b) {
      if (!a.numeric() || !b.numeric()) {
        throw new IllegalArgumentException(a + " " + b);
      }
      return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Identity or primitive widening (assignment and method invocation contexts). */
    boolean widensTo(JType target) {
      return this == target || (numeric() && target.numeric() && ordinal() < target.ordinal());
    }
  }

  // ---- Expressions --------------------------------------------------------------------------------

  interface Expr {
    JType type();
  }

  /** A literal. Numeric value in {@code d} (floating) or {@code l} (integral). */
  record Lit(JType type, double d, long l, boolean b) implements Expr {
    static Lit dbl(double v) {
      return new Lit(JType.DOUBLE, v, 0, false);
    }

    static Lit flt(float v) {
      return new Lit(JType.FLOAT, v, 0, false);
    }

    static Lit integer(int v) {
      return new Lit(JType.INT, 0, v, false);
    }

    static Lit lng(long v) {
      return new Lit(JType.LONG, 0, v, false);
    }

    static Lit bool(boolean v) {
      return new Lit(JType.BOOLEAN, 0, 0, v);
    }

    static Lit of(JType t, double v) {
      switch (t) {
        case DOUBLE:
          return dbl(v);
        case FLOAT:
          return flt((float) v);
        case INT:
          return integer((int) v);
        case LONG:
          return lng((long) v);
        default:
          return bool(v != 0);
      }
    }
  }

  /** A read of a parameter or local. */
  record Ref(String name, JType type) implements Expr {}

  /**
   * A static final field: {@code Math.PI}, {@code Math.E} or a constant of a generated class
   * ({@code owner} is then the class index).
   */
  record Field(int owner, boolean qualified, String name, JType type) implements Expr {
    static final int MATH = -1;
  }

  enum UOp {
    NEG("-"),
    PLUS("+"),
    NOT("!");

    final String symbol;

    UOp(String s) {
      symbol = s;
    }
  }

  record Unary(UOp op, Expr e, JType type) implements Expr {}

  enum BOp {
    ADD("+", 10),
    SUB("-", 10),
    MUL("*", 11),
    DIV("/", 11),
    REM("%", 11),
    LT("<", 8),
    LE("<=", 8),
    GT(">", 8),
    GE(">=", 8),
    EQ("==", 7),
    NE("!=", 7),
    AND("&&", 4),
    OR("||", 3),
    BAND("&", 6),
    BXOR("^", 5),
    BOR("|", 5);

    final String symbol;
    final int prec;

    BOp(String s, int prec) {
      symbol = s;
      this.prec = prec;
    }

    boolean arithmetic() {
      return ordinal() <= REM.ordinal();
    }

    boolean comparison() {
      return ordinal() >= LT.ordinal() && ordinal() <= NE.ordinal();
    }

    boolean logic() {
      return ordinal() >= AND.ordinal();
    }
  }

  record Bin(BOp op, Expr l, Expr r, JType type) implements Expr {}

  record Cond(Expr c, Expr a, Expr b, JType type) implements Expr {}

  /**
   * {@code switch (selector) { case 1, 2 -> a; ... default -> z; }} on an int: {@code labels.get(i)}
   * for {@code arms.get(i)}; the last arm is {@code default}. Every arm has the type {@code type}.
   */
  record SwitchExpr(Expr selector, List<List<Integer>> labels, List<Expr> arms, JType type) implements Expr {}

  /** {@code Math.fn(args)} or {@code StrictMath.fn(args)}. */
  record MathCall(String fn, boolean strict, List<Expr> args, JType type, boolean bare) implements Expr {
    MathCall(String fn, boolean strict, List<Expr> args, JType type) {
      this(fn, strict, args, type, false);
    }
  }

  record Cast(JType type, Expr e) implements Expr {}

  /**
   * A call of the generated method with index {@code method}; {@code qualified} writes {@code
   * Owner.m(...)} also within the owner.
   */
  record Call(int method, boolean qualified, List<Expr> args, JType type) implements Expr {}

  /** {@code name = e} or {@code name op= e} as an expression; {@code op} null for plain =. */
  record Assign(String name, BOp op, Expr e, JType type) implements Expr {}

  record IncDec(String name, boolean prefix, boolean inc, JType type) implements Expr {}

  /**
   * A new {@code double[]}: {@code new double[length]}, or with {@code init} the initializer
   * {@code {a, b, c}} (only as a declaration's initializer).
   */
  record NewArray(int length, List<Expr> init) implements Expr {
    @Override
    public JType type() {
      return JType.DARRAY;
    }
  }

  /** {@code name[index]}. */
  record Load(String name, Expr index) implements Expr {
    @Override
    public JType type() {
      return JType.DOUBLE;
    }
  }

  /** {@code name.length}. */
  record Length(String name) implements Expr {
    @Override
    public JType type() {
      return JType.INT;
    }
  }

  /** {@code name.clone()}. */
  record CloneArray(String name) implements Expr {
    @Override
    public JType type() {
      return JType.DARRAY;
    }
  }

  /** {@code name[i][j]} of a {@code double[][]}. */
  record Load2(String name, Expr row, Expr col) implements Expr {
    @Override
    public JType type() {
      return JType.DOUBLE;
    }
  }

  /** {@code name[index]}: a row of a {@code double[][]} (an alias, not a copy). */
  record Row(String name, Expr index) implements Expr {
    @Override
    public JType type() {
      return JType.DARRAY;
    }
  }

  /** {@code name[0].length}: the row length of a (rectangular, non-empty) matrix. */
  record RowLength(String name) implements Expr {
    @Override
    public JType type() {
      return JType.INT;
    }
  }

  /** {@code new double[rows][cols]}. */
  record NewMatrix(int rows, int cols) implements Expr {
    @Override
    public JType type() {
      return JType.DMATRIX;
    }
  }

  // ---- Statements ---------------------------------------------------------------------------------

  interface Stmt {}

  /** {@code type name = init;}; {@code type} null means {@code var}; {@code init} may be null. */
  record Decl(JType declared, String name, JType type, Expr init) implements Stmt {}

  /** An assignment or increment as a statement. */
  record ExprStmt(Expr e) implements Stmt {}

  /** {@code otherwise} null: no else. */
  record If(Expr cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {}

  record Return(Expr e) implements Stmt {}

  record Block(List<Stmt> body) implements Stmt {}

  enum LoopKind {
    FOR,
    WHILE,
    DO
  }

  /**
   * A loop. {@code FOR}: {@code for (init; cond; update) body} ({@code init} declares the loop
   * variable). {@code WHILE}: {@code while (cond) body}; {@code DO}: {@code do body while (cond);}
   * ({@code init} and {@code update} null: their counter is declared before the loop and
   * incremented in {@code cond}). {@code label} may be null. The generator bounds every loop (a
   * counter the body never writes, a small bound); the reference gives up after a number of steps.
   */
  record Loop(LoopKind kind, String label, Decl init, Expr cond, Expr update, List<Stmt> body) implements Stmt {}

  /** {@code name[index] = value;} or {@code name[index] op= value;} ({@code op} null for =). */
  record Store(String name, Expr index, BOp op, Expr value) implements Stmt {}

  /** {@code name[i][j] = value;} or {@code name[i][j] op= value;} ({@code op} null for =). */
  record Store2(String name, Expr row, Expr col, BOp op, Expr value) implements Stmt {}

  /**
   * {@code [label:] for (varType var : array) body}: over a {@code double[]} ({@code varType}
   * DOUBLE) or over the rows of a {@code double[][]} ({@code varType} DARRAY). The variable is never
   * written.
   */
  record ForEach(String label, JType varType, String var, String array, List<Stmt> body) implements Stmt {}

  /**
   * {@code switch (selector) { case 1, 2: ... default: ... }} on an int: {@code arrow} writes
   * {@code case 1, 2 -> { ... }} (no fall-through); otherwise a case falls through into the next
   * unless it breaks (an unlabelled {@code break} in it, outside loops, leaves the switch).
   */
  record Switch(Expr selector, boolean arrow, List<SwitchCase> cases) implements Stmt {}

  /** A case: its labels (none for {@code default}) and statements. */
  record SwitchCase(List<Integer> labels, List<Stmt> body) {
    boolean isDefault() {
      return labels.isEmpty();
    }
  }

  /** {@code break [label];} */
  record Break(String label) implements Stmt {}

  /** {@code continue [label];} */
  record Continue(String label) implements Stmt {}

  // ---- Declarations -------------------------------------------------------------------------------

  record Param(String name, JType type) {}

  /**
   * A generated method.
   *
   * @param owner the class index (0 main class, 1 the second class)
   * @param wrt the parameters named in {@code wrt}, or null for the default
   * @param plain a helper without {@code @Differentiable} (its calls are constants of the derivative)
   */
  record Method(int owner, String name, List<Param> params, JType ret, List<String> wrt, List<Stmt> body, boolean plain) {
    Method(int owner, String name, List<Param> params, JType ret, List<String> wrt, List<Stmt> body) {
      this(owner, name, params, ret, wrt, body, false);
    }

    /** Whether parameter {@code p} is differentiable. */
    boolean differentiable(Param p) {
      return (p.type().floating() || p.type().array()) && (wrt == null || wrt.contains(p.name()));
    }

    List<Param> diffParams() {
      List<Param> out = new ArrayList<>();
      for (Param p : params) {
        if (differentiable(p)) {
          out.add(p);
        }
      }
      return out;
    }

    Method withBody(List<Stmt> b) {
      return new Method(owner, name, params, ret, wrt, b, plain);
    }

    Method withName(String n) {
      return new Method(owner, n, params, ret, wrt, body, plain);
    }
  }

  /** {@code static final type name = init;}; {@code init} is Java source. */
  record Constant(String name, JType type, boolean priv, double value, String init) {}

  /**
   * A program: classes {@code pkg.classNames[i]}, their constants, and methods (a method calls only
   * methods with a smaller index); {@code staticImports}: the class imports {@code
   * java.lang.Math.*} statically (and may call {@code sin(x)}).
   */
  record Program(String pkg, List<String> classNames, List<List<Constant>> constants, List<Method> methods, List<Boolean> staticImports) {
    String qualified(int owner) {
      return pkg + "." + classNames.get(owner);
    }

    /** Whether several methods of the same class share the name of {@code m}. */
    boolean overloaded(int m) {
      Method x = methods.get(m);
      for (int i = 0; i < methods.size(); i++) {
        if (i != m && !methods.get(i).plain() && methods.get(i).owner() == x.owner() && methods.get(i).name().equals(x.name())) {
          return true;
        }
      }
      return false;
    }

    /** The base name of the generated API of method {@code m} (see {@code Naming}). */
    String apiName(int m) {
      Method x = methods.get(m);
      if (!overloaded(m)) {
        return x.name();
      }
      StringBuilder b = new StringBuilder(x.name()).append('_');
      for (Param p : x.params()) {
        b.append(p.type().descriptor);
      }
      return b.toString();
    }

    Program withMethods(List<Method> ms) {
      return new Program(pkg, classNames, constants, ms, staticImports);
    }
  }

  /** Whether a statement list completes normally (JLS 14.22 for the statements we generate). */
  static boolean completesNormally(List<Stmt> body) {
    for (Stmt s : body) {
      if (!completesNormally(s)) {
        return false;
      }
    }
    return true;
  }

  static boolean completesNormally(Stmt s) {
    if (s instanceof Return || s instanceof Break || s instanceof Continue) {
      return false;
    }
    if (s instanceof Loop l) {
      // A loop with a non-constant condition completes normally; do-while only if its body can
      // reach the condition (complete normally or continue) or a break leaves it.
      return l.kind() != LoopKind.DO || completesNormally(l.body()) || jumpsTo(l.body(), l.label(), true);
    }
    if (s instanceof If i) {
      return i.otherwise() == null || completesNormally(i.then()) || completesNormally(i.otherwise());
    }
    if (s instanceof Block b) {
      return completesNormally(b.body());
    }
    if (s instanceof Switch sw) {
      // JLS 14.22: no default, a break that leaves it, or (colon) the last group, (arrow) any rule
      // completes normally.
      boolean hasDefault = false;
      boolean any = false;
      for (SwitchCase c : sw.cases()) {
        hasDefault |= c.isDefault();
        any |= breaksOut(c.body()) || (sw.arrow() && completesNormally(c.body()));
      }
      return !hasDefault || any || (!sw.arrow() && completesNormally(sw.cases().get(sw.cases().size() - 1).body()));
    }
    return true;
  }

  /** Whether {@code body} holds an unlabelled break outside loops (one that leaves a switch around it). */
  static boolean breaksOut(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Break b && b.label() == null) {
        return true;
      }
      if (s instanceof If i && (breaksOut(i.then()) || (i.otherwise() != null && breaksOut(i.otherwise())))) {
        return true;
      }
      if (s instanceof Block b && breaksOut(b.body())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code body} holds an unlabelled continue outside loops (through switches). */
  static boolean continuesOut(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Continue c && c.label() == null) {
        return true;
      }
      if (s instanceof If i && (continuesOut(i.then()) || (i.otherwise() != null && continuesOut(i.otherwise())))) {
        return true;
      }
      if (s instanceof Block b && continuesOut(b.body())) {
        return true;
      }
      if (s instanceof Switch sw) {
        for (SwitchCase c : sw.cases()) {
          if (continuesOut(c.body())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether {@code body} holds a break or continue of the loop labelled {@code label} (nesting 0). */
  static boolean jumpsTo(List<Stmt> body, String label, boolean outermost) {
    for (Stmt s : body) {
      if (s instanceof Break b && (b.label() == null ? outermost : b.label().equals(label))) {
        return true;
      }
      if (s instanceof Continue c && (c.label() == null ? outermost : c.label().equals(label))) {
        return true;
      }
      if (s instanceof If i && (jumpsTo(i.then(), label, outermost) || (i.otherwise() != null && jumpsTo(i.otherwise(), label, outermost)))) {
        return true;
      }
      if (s instanceof Block b && jumpsTo(b.body(), label, outermost)) {
        return true;
      }
      if (s instanceof Switch sw) {
        for (SwitchCase c : sw.cases()) {
          // An unlabelled break there leaves the switch; an unlabelled continue goes through.
          if ((label != null && jumpsTo(c.body(), label, false)) || (outermost && continuesOut(c.body()))) {
            return true;
          }
        }
      }
      if (s instanceof Loop l && label != null && jumpsTo(l.body(), label, false)) {
        return true;
      }
      if (s instanceof ForEach f && label != null && jumpsTo(f.body(), label, false)) {
        return true;
      }
    }
    return false;
  }

  /** The indices of the methods {@code m} calls, directly or not, and {@code m}; callees first. */
  static List<Integer> closure(Program p, int m) {
    List<Integer> out = new ArrayList<>();
    closure(p, m, out);
    out.sort(null);
    return out;
  }

  private static void closure(Program p, int m, List<Integer> out) {
    if (out.contains(m)) {
      return;
    }
    out.add(m);
    for (int c : calls(p.methods().get(m).body())) {
      closure(p, c, out);
    }
  }

  /** The methods called in a body. */
  static List<Integer> calls(List<Stmt> body) {
    List<Integer> out = new ArrayList<>();
    Walk.stmts(body, e -> {
      if (e instanceof Call c && !out.contains(c.method())) {
        out.add(c.method());
      }
    });
    return out;
  }

  /** Visits every expression node. */
  static final class Walk {
    interface Visitor {
      void visit(Expr e);
    }

    static void stmts(List<Stmt> body, Visitor v) {
      for (Stmt s : body) {
        stmt(s, v);
      }
    }

    static void stmt(Stmt s, Visitor v) {
      if (s instanceof Decl d) {
        if (d.init() != null) {
          expr(d.init(), v);
        }
      } else if (s instanceof ExprStmt e) {
        expr(e.e(), v);
      } else if (s instanceof If i) {
        expr(i.cond(), v);
        stmts(i.then(), v);
        if (i.otherwise() != null) {
          stmts(i.otherwise(), v);
        }
      } else if (s instanceof Return r) {
        expr(r.e(), v);
      } else if (s instanceof Block b) {
        stmts(b.body(), v);
      } else if (s instanceof Store st) {
        expr(st.index(), v);
        expr(st.value(), v);
      } else if (s instanceof Store2 st) {
        expr(st.row(), v);
        expr(st.col(), v);
        expr(st.value(), v);
      } else if (s instanceof ForEach f) {
        stmts(f.body(), v);
      } else if (s instanceof Switch sw) {
        expr(sw.selector(), v);
        for (SwitchCase c : sw.cases()) {
          stmts(c.body(), v);
        }
      } else if (s instanceof Loop l) {
        if (l.init() != null) {
          stmt(l.init(), v);
        }
        expr(l.cond(), v);
        if (l.update() != null) {
          expr(l.update(), v);
        }
        stmts(l.body(), v);
      }
    }

    static void expr(Expr e, Visitor v) {
      v.visit(e);
      for (Expr c : children(e)) {
        expr(c, v);
      }
    }
  }

  /** The direct subexpressions of {@code e}, in evaluation order. */
  static List<Expr> children(Expr e) {
    if (e instanceof Unary u) {
      return List.of(u.e());
    }
    if (e instanceof Bin b) {
      return List.of(b.l(), b.r());
    }
    if (e instanceof Cond c) {
      return List.of(c.c(), c.a(), c.b());
    }
    if (e instanceof SwitchExpr sw) {
      List<Expr> k = new ArrayList<>();
      k.add(sw.selector());
      k.addAll(sw.arms());
      return k;
    }
    if (e instanceof MathCall m) {
      return m.args();
    }
    if (e instanceof Cast c) {
      return List.of(c.e());
    }
    if (e instanceof Call c) {
      return c.args();
    }
    if (e instanceof Assign a) {
      return List.of(a.e());
    }
    if (e instanceof NewArray n) {
      return n.init() == null ? List.of() : n.init();
    }
    if (e instanceof Load l) {
      return List.of(l.index());
    }
    if (e instanceof Load2 l) {
      return List.of(l.row(), l.col());
    }
    if (e instanceof Row w) {
      return List.of(w.index());
    }
    return List.of();
  }

  /** {@code e} with its direct subexpressions replaced (same order as {@link #children}). */
  static Expr withChildren(Expr e, List<Expr> k) {
    if (e instanceof Unary u) {
      return new Unary(u.op(), k.get(0), u.type());
    }
    if (e instanceof Bin b) {
      return new Bin(b.op(), k.get(0), k.get(1), b.type());
    }
    if (e instanceof SwitchExpr sw) {
      return new SwitchExpr(k.get(0), sw.labels(), new ArrayList<>(k.subList(1, k.size())), sw.type());
    }
    if (e instanceof Cond c) {
      return new Cond(k.get(0), k.get(1), k.get(2), c.type());
    }
    if (e instanceof MathCall m) {
      return new MathCall(m.fn(), m.strict(), List.copyOf(k), m.type(), m.bare());
    }
    if (e instanceof Cast c) {
      return new Cast(c.type(), k.get(0));
    }
    if (e instanceof Call c) {
      return new Call(c.method(), c.qualified(), List.copyOf(k), c.type());
    }
    if (e instanceof Assign a) {
      return new Assign(a.name(), a.op(), k.get(0), a.type());
    }
    if (e instanceof NewArray n) {
      return new NewArray(n.length(), List.copyOf(k));
    }
    if (e instanceof Load l) {
      return new Load(l.name(), k.get(0));
    }
    if (e instanceof Load2 l) {
      return new Load2(l.name(), k.get(0), k.get(1));
    }
    if (e instanceof Row w) {
      return new Row(w.name(), k.get(0));
    }
    return e;
  }

  /** The number of expression nodes and statements: the size the shrinker minimises. */
  static int size(List<Stmt> body) {
    int[] n = {0};
    Walk.stmts(body, e -> n[0]++);
    countStmts(body, n);
    return n[0];
  }

  private static void countStmts(List<Stmt> body, int[] n) {
    for (Stmt s : body) {
      n[0]++;
      if (s instanceof If i) {
        countStmts(i.then(), n);
        if (i.otherwise() != null) {
          countStmts(i.otherwise(), n);
        }
      } else if (s instanceof Block b) {
        countStmts(b.body(), n);
      } else if (s instanceof Loop l) {
        countStmts(l.body(), n);
      } else if (s instanceof ForEach f) {
        countStmts(f.body(), n);
      } else if (s instanceof Switch sw) {
        for (SwitchCase c : sw.cases()) {
          countStmts(c.body(), n);
        }
      }
    }
  }

  /** Whether float values occur in method {@code m} or a method it calls (the looser tolerance). */
  static boolean usesFloat(Program p, int m) {
    for (int i : closure(p, m)) {
      Method x = p.methods().get(i);
      if (x.ret() == JType.FLOAT) {
        return true;
      }
      for (Param q : x.params()) {
        if (q.type() == JType.FLOAT) {
          return true;
        }
      }
      boolean[] f = {false};
      Walk.stmts(x.body(), e -> f[0] |= e.type() == JType.FLOAT || children(e).stream().anyMatch(c -> c.type() == JType.FLOAT));
      if (f[0] || declaresFloat(x.body())) {
        return true;
      }
    }
    return false;
  }

  private static boolean declaresFloat(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Decl d && d.type() == JType.FLOAT) {
        return true;
      }
      if (s instanceof If i && (declaresFloat(i.then()) || (i.otherwise() != null && declaresFloat(i.otherwise())))) {
        return true;
      }
      if (s instanceof Block b && declaresFloat(b.body())) {
        return true;
      }
      if (s instanceof Loop l && declaresFloat(l.body())) {
        return true;
      }
      if (s instanceof ForEach f && declaresFloat(f.body())) {
        return true;
      }
      if (s instanceof Switch sw && sw.cases().stream().anyMatch(c -> declaresFloat(c.body()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Method {@code m} and the methods it calls, as a program of their own: the methods renumbered
   * in order, {@code m} last.
   */
  static Program extract(Program p, int m) {
    List<Integer> keep = closure(p, m);
    java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < keep.size(); i++) {
      index.put(keep.get(i), i);
    }
    List<Method> out = new ArrayList<>();
    for (int i : keep) {
      Method x = p.methods().get(i);
      out.add(x.withBody(Rewrite.stmts(x.body(), e -> e instanceof Call c ? new Call(index.get(c.method()), c.qualified(), c.args(), c.type()) : e)));
    }
    return p.withMethods(out);
  }

  /** Rebuilds statements with every expression node mapped bottom-up. */
  static final class Rewrite {
    interface Fn {
      Expr apply(Expr e);
    }

    static List<Stmt> stmts(List<Stmt> body, Fn f) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : body) {
        out.add(stmt(s, f));
      }
      return out;
    }

    static Stmt stmt(Stmt s, Fn f) {
      if (s instanceof Decl d) {
        return new Decl(d.declared(), d.name(), d.type(), d.init() == null ? null : expr(d.init(), f));
      }
      if (s instanceof ExprStmt e) {
        return new ExprStmt(expr(e.e(), f));
      }
      if (s instanceof If i) {
        return new If(expr(i.cond(), f), stmts(i.then(), f), i.otherwise() == null ? null : stmts(i.otherwise(), f));
      }
      if (s instanceof Return r) {
        return new Return(expr(r.e(), f));
      }
      if (s instanceof Block b) {
        return new Block(stmts(b.body(), f));
      }
      if (s instanceof Loop l) {
        return new Loop(
            l.kind(), l.label(), l.init() == null ? null : (Decl) stmt(l.init(), f), expr(l.cond(), f),
            l.update() == null ? null : expr(l.update(), f), stmts(l.body(), f));
      }
      if (s instanceof Break || s instanceof Continue) {
        return s;
      }
      if (s instanceof Store st) {
        return new Store(st.name(), expr(st.index(), f), st.op(), expr(st.value(), f));
      }
      if (s instanceof Store2 st) {
        return new Store2(st.name(), expr(st.row(), f), expr(st.col(), f), st.op(), expr(st.value(), f));
      }
      if (s instanceof ForEach fe) {
        return new ForEach(fe.label(), fe.varType(), fe.var(), fe.array(), stmts(fe.body(), f));
      }
      if (s instanceof Switch sw) {
        List<SwitchCase> cases = new ArrayList<>();
        for (SwitchCase c : sw.cases()) {
          cases.add(new SwitchCase(c.labels(), stmts(c.body(), f)));
        }
        return new Switch(expr(sw.selector(), f), sw.arrow(), cases);
      }
      throw new IllegalArgumentException(String.valueOf(s));
    }

    static Expr expr(Expr e, Fn f) {
      List<Expr> k = new ArrayList<>();
      for (Expr c : children(e)) {
        k.add(expr(c, f));
      }
      return f.apply(k.isEmpty() ? e : withChildren(e, k));
    }
  }
}
