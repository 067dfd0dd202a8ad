package io.github.chainrule.processor.rules;

import static io.github.chainrule.processor.ir.Builder.constant;

import io.github.chainrule.processor.ir.Builder;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The derivative of every differentiable operation: the one table both the tangent and the
 * adjoint transformation read.
 *
 * <p>A rule builds the local partial derivatives {@code d y / d a_i} of a node {@code y = op(a_1,
 * ..., a_n)}, as IR, from the operands and the node's own value. The tangent pass then computes
 * {@code yDot = sum_i partial_i * a_iDot}, the adjoint pass {@code a_iAdj += yAdj * partial_i}.
 * Because rules produce IR, derivative code can itself be differentiated (second order).
 *
 * <p>Extreme arguments (tested in {@code ExtremeArgumentsTest}): no rule cancels digits away
 * ({@code tanh}, {@code asin}, {@code acos} near their ends), and a partial that is a quotient
 * {@code n / d} whose value alone may under- or overflow ({@code /}, {@code log}, {@code tanh},
 * {@code atan}, {@code atan2}) is built with {@link Builder#quotient}, so that both passes divide
 * the seed (the operand's tangent, the node's adjoint) by {@code d} before multiplying by {@code
 * n}. What no rule can help: in reverse mode an intermediate's own adjoint is its exact
 * derivative, and it under- or overflows where that does ({@code c = x * x} in {@code 1 / c} at
 * {@code x = 1e100} has adjoint {@code -1e-400}); the tangent of the same program is exact.
 *
 * <p>Conventions where the derivative does not exist (each tested):
 *
 * <ul>
 *   <li>{@code abs} at 0: 0 (the derivative is {@code signum(x)}).
 *   <li>{@code max} and {@code min} on ties: each operand gets one half (the average of the
 *       one-sided derivatives, so that {@code max(x, x)} has derivative 1).
 *   <li>{@code sqrt} and {@code cbrt} at 0, {@code log} at 0, {@code asin} and {@code acos} at ±1:
 *       the infinite limit, as the formula gives.
 *   <li>{@code hypot} and {@code atan2} at (0, 0): 0.
 *   <li>{@code pow(a, b)}: {@code d/da} is 0 where {@code b == 0}; {@code d/db} is 0 where {@code
 *       a <= 0}.
 *   <li>{@code floor}, {@code ceil}, {@code rint}, {@code signum} and casts to integer types: 0.
 *   <li>{@code copySign(m, s)}: {@code d/dm} is the product of the signs of m and s (sign bits),
 *       {@code d/ds} is 0.
 * </ul>
 */
public final class DerivativeRules {

  /** One rule: the partial derivatives of a node with respect to each operand. */
  @FunctionalInterface
  public interface Rule {
    /**
     * Builds the partials.
     *
     * @param b where the code computing the partials goes
     * @param a the operands
     * @param y the node's value
     * @param strict whether the node is a {@code StrictMath} call (its partials use it too)
     * @return one partial per operand; {@code null} where the node does not depend on the operand
     *     differentiably (a boolean condition, a piecewise-constant function)
     */
    Value[] partials(Builder b, List<Value> a, Var y, boolean strict);
  }

  private static final double LN_10 = Math.log(10.0);
  private static final double DEGREES_TO_RADIANS = 0.017453292519943295;
  private static final double RADIANS_TO_DEGREES = 57.29577951308232;

  private static final Map<Op, Rule> RULES = new EnumMap<>(Op.class);

  static {
    // ---- Arithmetic ---------------------------------------------------------------------------
    // y = -a: dy/da = -1
    rule(Op.NEG, (b, a, y, s) -> of(constant(-1, y.type())));
    // y = a + c: dy/da = 1, dy/dc = 1
    rule(Op.ADD, (b, a, y, s) -> of(constant(1, y.type()), constant(1, y.type())));
    // y = a - c: dy/da = 1, dy/dc = -1
    rule(Op.SUB, (b, a, y, s) -> of(constant(1, y.type()), constant(-1, y.type())));
    // y = a * c: dy/da = c, dy/dc = a
    rule(Op.MUL, (b, a, y, s) -> of(a.get(1), a.get(0)));
    // y = a / c: dy/da = 1 / c, dy/dc = -a / c^2 = -y / c. Both are quotients the seed is divided
    // by first: (seed / c) * -y is representable where -y / c alone under- or overflows
    // (1 / (x * x) at x = 1e100: -y / c is -1e-400, the tangent (cDot / c) * -y is -2e-300).
    rule(Op.DIV, (b, a, y, s) -> of(b.quotient(constant(1, y.type()), a.get(1)), b.quotient(b.neg(y), a.get(1))));
    // y = a % c = a - c * trunc(a / c): dy/da = 1, dy/dc = -trunc(a / c) = -(a - y) / c
    rule(
        Op.REM,
        (b, a, y, s) ->
            of(constant(1, y.type()), b.neg(b.math(Op.RINT, false, b.div(b.sub(a.get(0), y), a.get(1))))));

    // ---- Conversions --------------------------------------------------------------------------
    // y = (T) a between floating types: dy/da = 1 (the accumulation converts back)
    rule(Op.CAST, (b, a, y, s) -> of(a.get(0).type().isFloating() ? constant(1, y.type()) : null));
    // y = a: dy/da = 1
    rule(Op.COPY, (b, a, y, s) -> of(constant(1, y.type())));
    // y = c ? p : q: dy/dp = c ? 1 : 0, dy/dq = c ? 0 : 1
    rule(
        Op.SELECT,
        (b, a, y, s) ->
            of(
                null,
                b.select(a.get(0), constant(1, y.type()), constant(0, y.type())),
                b.select(a.get(0), constant(0, y.type()), constant(1, y.type()))));

    // ---- Trigonometric ------------------------------------------------------------------------
    // y = sin(a): dy/da = cos(a)
    rule(Op.SIN, (b, a, y, s) -> of(b.math(Op.COS, s, a.get(0))));
    // y = cos(a): dy/da = -sin(a)
    rule(Op.COS, (b, a, y, s) -> of(b.neg(b.math(Op.SIN, s, a.get(0)))));
    // y = tan(a): dy/da = 1 + tan(a)^2 = 1 + y^2
    rule(Op.TAN, (b, a, y, s) -> of(b.add(Const.of(1), b.mul(y, y))));
    // y = asin(a): dy/da = 1 / sqrt(1 - a^2), with 1 - a^2 as (1 - a)(1 + a): near a = ±1, 1 - a*a
    // would round a*a first and keep only half the digits
    rule(Op.ASIN, (b, a, y, s) -> of(b.div(Const.of(1), sqrtOneMinusSquare(b, a.get(0), s))));
    // y = acos(a): dy/da = -1 / sqrt(1 - a^2), likewise
    rule(Op.ACOS, (b, a, y, s) -> of(b.div(Const.of(-1), sqrtOneMinusSquare(b, a.get(0), s))));
    // y = atan(a): dy/da = 1 / (1 + a^2), computed as (1 / h) / h with h = hypot(1, a), a quotient
    // the seed is divided by first: 1 + a^2 overflows from |a| = 1.3e154 on, where the derivative
    // (1e-310 at 1e155) times a seed is still representable
    rule(
        Op.ATAN,
        (b, a, y, s) -> {
          Value h = b.math(Op.HYPOT, s, Const.of(1), a.get(0));
          return of(b.quotient(b.div(Const.of(1), h), h));
        });
    // y = atan2(p, q): dy/dp = q / (p^2 + q^2), dy/dq = -p / (p^2 + q^2); 0 at (0, 0).
    // Computed as (q / h) / h with h = hypot(p, q), which neither overflows nor underflows, a
    // quotient the seed is divided by first.
    rule(
        Op.ATAN2,
        (b, a, y, s) -> {
          Value p = a.get(0);
          Value q = a.get(1);
          Value h = b.math(Op.HYPOT, s, p, q);
          Value zero = b.compare(Op.EQ, h, Const.of(0));
          return of(
              b.select(zero, Const.of(0), b.quotient(b.div(q, h), h)),
              b.select(zero, Const.of(0), b.quotient(b.div(b.neg(p), h), h)));
        });

    // ---- Hyperbolic ---------------------------------------------------------------------------
    // y = sinh(a): dy/da = cosh(a)
    rule(Op.SINH, (b, a, y, s) -> of(b.math(Op.COSH, s, a.get(0))));
    // y = cosh(a): dy/da = sinh(a)
    rule(Op.COSH, (b, a, y, s) -> of(b.math(Op.SINH, s, a.get(0))));
    // y = tanh(a): dy/da = 1 - tanh(a)^2. Where |y| < 3/4 (|a| < 0.97) as (1 - y)(1 + y), from
    // the value at hand: 1 - y loses at most a few bits there. Elsewhere as (1 / cosh(a)) / cosh(a):
    // no cancellation, so every digit stays for every a ((1 - y)(1 + y) loses them all once y has
    // rounded to ±1, from |a| = 19.1 on) and no cosh(a)^2 to overflow. The branch keeps the cosh
    // off the common path of a network's neurons (it cost an MLP's pullback 65%).
    rule(
        Op.TANH,
        (b, a, y, s) -> {
          Const one = constant(1, y.type());
          Var d = b.vars().create("dtanh", y.type(), Var.Role.LOCAL);
          Value near = b.compare(Op.LT, b.math(Op.ABS, s, y), constant(0.75, y.type()));
          List<Stmt> small = new ArrayList<>();
          List<Stmt> large = new ArrayList<>();
          List<Stmt> outer = b.redirect(small);
          b.assign(d, b.mul(b.sub(one, y), b.add(one, y)));
          b.redirect(large);
          Value cosh = b.math(Op.COSH, s, a.get(0));
          b.assign(d, b.div(b.div(one, cosh), cosh));
          b.redirect(outer);
          b.add(new Stmt.If(near, small, large, b.origin()));
          return of(d);
        });

    // ---- Exponential and logarithm ------------------------------------------------------------
    // y = exp(a): dy/da = exp(a) = y
    rule(Op.EXP, (b, a, y, s) -> of(y));
    // y = exp(a) - 1: dy/da = exp(a) (not y + 1, which loses every digit where y is near -1)
    rule(Op.EXPM1, (b, a, y, s) -> of(b.math(Op.EXP, s, a.get(0))));
    // y = ln(a): dy/da = 1 / a, a quotient the seed is divided by (1 / a overflows for a
    // subnormal a, seed / a need not)
    rule(Op.LOG, (b, a, y, s) -> of(b.quotient(Const.of(1), a.get(0))));
    // y = log10(a): dy/da = 1 / (a ln 10), likewise
    rule(Op.LOG10, (b, a, y, s) -> of(b.quotient(Const.of(1), b.mul(a.get(0), Const.of(LN_10)))));
    // y = ln(1 + a): dy/da = 1 / (1 + a) (1 + a is exact where a is near -1)
    rule(Op.LOG1P, (b, a, y, s) -> of(b.quotient(Const.of(1), b.add(Const.of(1), a.get(0)))));
    // y = sqrt(a): dy/da = 1 / (2 sqrt(a)) = 0.5 / |y|; +Infinity at 0 (|y|: sqrt(-0.0) is -0.0)
    rule(Op.SQRT, (b, a, y, s) -> of(b.div(Const.of(0.5), b.math(Op.ABS, s, y))));
    // y = cbrt(a): dy/da = 1 / (3 cbrt(a)^2) = 1 / (3 y^2); +Infinity at 0
    rule(Op.CBRT, (b, a, y, s) -> of(b.div(Const.of(1), b.mul(Const.of(3), b.mul(y, y)))));
    // y = a^c: dy/da = c a^(c-1) (0 where c == 0), dy/dc = y ln(a) (0 where a <= 0)
    rule(Op.POW, DerivativeRules::pow);
    // y = hypot(p, q) = sqrt(p^2 + q^2): dy/dp = p / y, dy/dq = q / y; 0 at (0, 0)
    rule(
        Op.HYPOT,
        (b, a, y, s) -> {
          Value zero = b.compare(Op.EQ, y, Const.of(0));
          return of(
              b.select(zero, Const.of(0), b.div(a.get(0), y)),
              b.select(zero, Const.of(0), b.div(a.get(1), y)));
        });

    // ---- Piecewise ----------------------------------------------------------------------------
    // y = |a|: dy/da = signum(a) (0 at 0)
    rule(Op.ABS, (b, a, y, s) -> of(b.math(Op.SIGNUM, s, a.get(0))));
    // y = max(p, q): dy/dp = 1 where p > q, 1/2 on a tie, else 0; dy/dq likewise
    rule(Op.MAX, (b, a, y, s) -> minMax(b, a, y, Op.GT));
    // y = min(p, q): dy/dp = 1 where p < q, 1/2 on a tie, else 0; dy/dq likewise
    rule(Op.MIN, (b, a, y, s) -> minMax(b, a, y, Op.LT));
    // Piecewise constant: derivative 0 wherever it exists.
    rule(Op.SIGNUM, (b, a, y, s) -> of((Value) null));
    rule(Op.FLOOR, (b, a, y, s) -> of((Value) null));
    rule(Op.CEIL, (b, a, y, s) -> of((Value) null));
    rule(Op.RINT, (b, a, y, s) -> of((Value) null));
    // y = copySign(m, g) = |m| sign(g): dy/dm = sign(m) sign(g) (sign bits), dy/dg = 0
    rule(
        Op.COPY_SIGN,
        (b, a, y, s) -> {
          Const one = constant(1, y.type());
          return of(b.mul(b.math(Op.COPY_SIGN, s, one, a.get(0)), b.math(Op.COPY_SIGN, s, one, a.get(1))), null);
        });
    // y = p * q + r (one rounding): dy/dp = q, dy/dq = p, dy/dr = 1
    rule(Op.FMA, (b, a, y, s) -> of(a.get(1), a.get(0), constant(1, y.type())));
    // y = a * pi / 180: dy/da = pi / 180 (the constant Math.toRadians multiplies by)
    rule(Op.TO_RADIANS, (b, a, y, s) -> of(Const.of(DEGREES_TO_RADIANS)));
    // y = a * 180 / pi: dy/da = 180 / pi
    rule(Op.TO_DEGREES, (b, a, y, s) -> of(Const.of(RADIANS_TO_DEGREES)));
    // y = scalb(d, n) = d * 2^n: dy/dd = 2^n = scalb(1, n) (exact); n is an int
    rule(Op.SCALB, (b, a, y, s) -> of(b.math(Op.SCALB, s, constant(1, y.type()), a.get(1)), null));
    // y = IEEEremainder(p, q) = p - q * k, k = p / q rounded to the nearest integer (ties to
    // even): dy/dp = 1, dy/dq = -k = -rint((p - y) / q), exact where k is
    rule(
        Op.IEEE_REMAINDER,
        (b, a, y, s) -> of(constant(1, y.type()), b.neg(b.math(Op.RINT, s, b.div(b.sub(a.get(0), y), a.get(1))))));
    // ulp is piecewise constant; nextUp and nextDown move by one ulp: derivative 1
    rule(Op.ULP, (b, a, y, s) -> of((Value) null));
    rule(Op.NEXT_UP, (b, a, y, s) -> of(constant(1, y.type())));
    rule(Op.NEXT_DOWN, (b, a, y, s) -> of(constant(1, y.type())));
    // y = clamp(v, lo, hi): dy/dv = 1 where lo <= v <= hi, dy/dlo = 1 where v < lo, dy/dhi = 1
    // where v > hi (each partial selects, so an infinite adjoint elsewhere gives no NaN)
    rule(
        Op.CLAMP,
        (b, a, y, s) -> {
          Const one = constant(1, y.type());
          Const zero = constant(0, y.type());
          Value below = b.compare(Op.LT, a.get(0), a.get(1));
          Value above = b.compare(Op.GT, a.get(0), a.get(2));
          Value inside = b.select(below, zero, b.select(above, zero, one));
          return of(inside, b.select(below, one, zero), b.select(above, one, zero));
        });
  }

  private DerivativeRules() {}

  private static void rule(Op op, Rule rule) {
    if (RULES.put(op, rule) != null) {
      throw new IllegalStateException("two rules for " + op);
    }
  }

  private static Value[] of(Value... partials) {
    return partials;
  }

  /** The rule for {@code op}, or null if the operation has no derivative (comparisons, logic). */
  public static Rule ruleFor(Op op) {
    return RULES.get(op);
  }

  /** Whether a node can carry a derivative from its operands at all. */
  public static boolean isDifferentiable(Expr.Apply node) {
    if (!node.type().isFloating()) {
      return false;
    }
    return switch (node.op()) {
      case SIGNUM, FLOOR, CEIL, RINT, ULP -> false;
      default -> RULES.containsKey(node.op());
    };
  }

  /** The partials of {@code node} (assigned to {@code y}), built into {@code b}. */
  public static Value[] partials(Builder b, Expr.Apply node, Var y) {
    Rule rule = RULES.get(node.op());
    if (rule == null) {
      throw new IllegalArgumentException("no derivative rule for " + node.op());
    }
    Value[] p = rule.partials(b, node.args(), y, node.strict());
    if (p.length != node.args().size()) {
      throw new IllegalStateException("rule for " + node.op() + " gave " + Arrays.toString(p));
    }
    return p;
  }

  private static Value sqrtOneMinusSquare(Builder b, Value a, boolean strict) {
    return b.math(Op.SQRT, strict, b.mul(b.sub(Const.of(1), a), b.add(Const.of(1), a)));
  }

  private static Value[] pow(Builder b, List<Value> a, Var y, boolean strict) {
    Value base = a.get(0);
    Value exponent = a.get(1);
    Value dBase;
    if (exponent instanceof Const c && c.value() != null && c.name() == null) {
      double e = c.asDouble();
      if (e == 0) {
        dBase = null;
      } else if (e == 1) {
        dBase = Const.of(1);
      } else if (e == 2) {
        dBase = b.mul(Const.of(2), base);
      } else {
        dBase = b.mul(Const.of(e), b.math(Op.POW, strict, base, Const.of(e - 1)));
      }
    } else {
      Value general = b.mul(exponent, b.math(Op.POW, strict, base, b.sub(exponent, Const.of(1))));
      dBase = b.select(b.compare(Op.EQ, exponent, Const.of(0)), Const.of(0), general);
    }
    Value positive = b.compare(Op.GT, base, Const.of(0));
    // The logarithm of a non-positive base is NaN or -Infinity; select discards it.
    Value dExponent = b.select(positive, b.mul(y, b.math(Op.LOG, strict, base)), Const.of(0));
    return of(dBase, dExponent);
  }

  private static Value[] minMax(Builder b, List<Value> a, Var y, Op wins) {
    Value p = a.get(0);
    Value q = a.get(1);
    Type t = y.type();
    Value tie = b.compare(Op.EQ, p, q);
    Value half = constant(0.5, t);
    Value pWins = b.select(b.compare(wins, p, q), constant(1, t), b.select(tie, half, constant(0, t)));
    Value qWins = b.select(b.compare(wins, q, p), constant(1, t), b.select(tie, half, constant(0, t)));
    return of(pWins, qWins);
  }
}
