package io.github.chainrule.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends A-normal-form statements to a block, one temporary per operation, folding the trivial
 * cases (multiplying by one, adding zero) so that derivative code stays as short as hand-written
 * code. Transformations and derivative rules build all their code through this class.
 */
public final class Builder {
  private final VarFactory vars;
  private List<Stmt> out;
  private Origin origin = Origin.NONE;

  public Builder(VarFactory vars, List<Stmt> out) {
    this.vars = vars;
    this.out = out;
  }

  public VarFactory vars() {
    return vars;
  }

  /** The block statements go to. */
  public List<Stmt> out() {
    return out;
  }

  /** Sends statements to {@code block} from now on; returns the previous block. */
  public List<Stmt> redirect(List<Stmt> block) {
    List<Stmt> previous = out;
    out = block;
    return previous;
  }

  /** The origin that statements built from now on carry. */
  public void at(Origin origin) {
    this.origin = origin;
  }

  public Origin origin() {
    return origin;
  }

  public void add(Stmt s) {
    out.add(s);
  }

  /** Appends {@code target = expr}. */
  public void assign(Var target, Expr expr) {
    out.add(new Stmt.Assign(target, expr, origin));
  }

  /** Appends {@code target = value}, converting to the target's type where needed. */
  public void assign(Var target, Value value) {
    if (value.type() != target.type()) {
      assign(target, new Expr.Apply(Op.CAST, target.type(), List.of(value), false));
    } else {
      assign(target, new Expr.Apply(Op.COPY, target.type(), List.of(value), false));
    }
  }

  /** Appends {@code target = target + value}: the adjoint accumulation. */
  public void accumulate(Var target, Value value) {
    if (Type.promote(target.type(), value.type()) == target.type()) {
      assign(target, new Expr.Apply(Op.ADD, target.type(), List.of(target, value), false));
    } else {
      assign(target, add(target, value));
    }
  }

  /** Appends {@code target = target - value}. */
  public void deduct(Var target, Value value) {
    if (Type.promote(target.type(), value.type()) == target.type()) {
      assign(target, new Expr.Apply(Op.SUB, target.type(), List.of(target, value), false));
    } else {
      assign(target, sub(target, value));
    }
  }

  /** Whether {@code v} is the constant -1 (a partial that subtracts). */
  public static boolean isMinusOneConst(Value v) {
    return isMinusOne(v);
  }

  /** A new temporary holding {@code expr}. */
  public Var temp(Expr expr) {
    Var t = vars.create("t", expr.type(), Var.Role.TEMP);
    assign(t, expr);
    definitions.put(t, expr);
    return t;
  }

  private final java.util.Map<Var, Expr> definitions = new java.util.HashMap<>();

  /**
   * {@code adjoint * partial}, where a partial that selects between values (max, min, pow ...)
   * selects between the products instead: a branch whose partial is 0 gives 0 even where the
   * adjoint is infinite ({@code sqrt(max(x, 0))} at {@code x < 0} has derivative 0, not
   * {@code 0 * Infinity = NaN}).
   */
  public Value scale(Value adjoint, Value partial) {
    if (partial instanceof Var p && definitions.get(p) instanceof Expr.Apply a && a.op() == Op.SELECT) {
      Value whenTrue = scale(adjoint, a.args().get(1));
      Value whenFalse = scale(adjoint, a.args().get(2));
      return select(a.args().get(0), whenTrue, whenFalse);
    }
    if (isZero(partial)) {
      return constant(0, Type.promote(adjoint.type(), partial.type()).isFloating() ? Type.promote(adjoint.type(), partial.type()) : Type.DOUBLE);
    }
    return times(adjoint, partial);
  }

  private final java.util.Set<Var> quotients = new java.util.HashSet<>();

  /**
   * A partial {@code n / d} that a seed multiplies as {@code (seed / d) * n} rather than {@code
   * seed * (n / d)}: where {@code n / d} alone under- or overflows (the {@code -y / c} of {@code y =
   * a / c} at {@code c = 1e200}), the seed divided first keeps the representable product.
   */
  public Value quotient(Value n, Value d) {
    Value q = div(n, d);
    if (q instanceof Var v) {
      quotients.add(v);
    }
    return q;
  }

  /** Whether {@code partial} came from {@link #quotient}. */
  public boolean isQuotient(Value partial) {
    return partial instanceof Var v && quotients.contains(v);
  }

  /** {@code seed * partial}; a {@link #quotient} divides the seed first. */
  public Value times(Value seed, Value partial) {
    if (isQuotient(partial) && definitions.get((Var) partial) instanceof Expr.Apply q) {
      Value scaled = div(seed, q.args().get(1));
      Value n = q.args().get(0);
      return isOne(n) ? scaled : mul(scaled, n);
    }
    return mul(seed, partial);
  }

  /** A constant of {@code like}'s floating type ({@code float} stays {@code float}). */
  public static Const constant(double v, Type like) {
    return like == Type.FLOAT ? Const.of(Type.FLOAT, v) : Const.of(v);
  }

  public Value apply(Op op, Type type, Value... args) {
    return temp(new Expr.Apply(op, type, List.of(args), false));
  }

  public Value neg(Value a) {
    if (a instanceof Const c && c.value() != null && c.type().isFloating()) {
      return Const.of(c.type(), -c.asDouble());
    }
    return apply(Op.NEG, a.type(), a);
  }

  public Value add(Value a, Value b) {
    if (isZero(a) && b.type() == Type.promote(a.type(), b.type())) {
      return b;
    }
    if (isZero(b) && a.type() == Type.promote(a.type(), b.type())) {
      return a;
    }
    return binary(Op.ADD, a, b);
  }

  public Value sub(Value a, Value b) {
    if (isZero(b) && a.type() == Type.promote(a.type(), b.type())) {
      return a;
    }
    if (isZero(a) && b.type() == Type.promote(a.type(), b.type())) {
      return neg(b);
    }
    return binary(Op.SUB, a, b);
  }

  public Value mul(Value a, Value b) {
    Type t = Type.promote(a.type(), b.type());
    if (isOne(a) && b.type() == t) {
      return b;
    }
    if (isOne(b) && a.type() == t) {
      return a;
    }
    if (isMinusOne(a) && b.type() == t) {
      return neg(b);
    }
    if (isMinusOne(b) && a.type() == t) {
      return neg(a);
    }
    return binary(Op.MUL, a, b);
  }

  public Value div(Value a, Value b) {
    if (isOne(b) && a.type() == Type.promote(a.type(), b.type())) {
      return a;
    }
    return binary(Op.DIV, a, b);
  }

  private Value binary(Op op, Value a, Value b) {
    Type t = Type.promote(a.type(), b.type());
    if (t == Type.DOUBLE
        && a instanceof Const ca
        && b instanceof Const cb
        && ca.value() != null
        && cb.value() != null
        && ca.name() == null
        && cb.name() == null) {
      double x = ca.asDouble();
      double y = cb.asDouble();
      switch (op) {
        case ADD:
          return Const.of(x + y);
        case SUB:
          return Const.of(x - y);
        case MUL:
          return Const.of(x * y);
        case DIV:
          return Const.of(x / y);
        default:
          break;
      }
    }
    return apply(op, t, a, b);
  }

  /** A comparison; boolean result. */
  public Value compare(Op op, Value a, Value b) {
    return apply(op, Type.BOOLEAN, a, b);
  }

  /** {@code cond ? a : b}, both evaluated. */
  public Value select(Value cond, Value a, Value b) {
    return apply(Op.SELECT, Type.promote(a.type(), b.type()), cond, a, b);
  }

  /** A {@code Math} (or {@code StrictMath}) function of the given operands. */
  public Value math(Op op, boolean strict, Value... args) {
    List<Type> types = new ArrayList<>();
    for (Value v : args) {
      types.add(v.type());
    }
    return temp(new Expr.Apply(op, MathTypes.resultType(op, types), List.of(args), strict));
  }

  public static boolean isZero(Value v) {
    return v instanceof Const c && c.name() == null && c.type().isNumeric() && c.is(0.0);
  }

  public static boolean isOne(Value v) {
    return v instanceof Const c && c.name() == null && c.type().isNumeric() && c.is(1.0);
  }

  private static boolean isMinusOne(Value v) {
    return v instanceof Const c && c.name() == null && c.type().isFloating() && c.is(-1.0);
  }
}
