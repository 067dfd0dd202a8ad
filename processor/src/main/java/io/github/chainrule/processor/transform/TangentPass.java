package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Builder;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import io.github.chainrule.processor.rules.DerivativeRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forward mode: turns {@code f(x, y)} into {@code fTangent(x, xDot, y, yDot)}, which returns the
 * directional derivative. Each node {@code v = op(a_1..a_n)} gains {@code vDot = sum_i dop/da_i *
 * a_iDot}, from the rules table; each array gains a shadow array of tangents, written where the
 * array is written. Works on any program of the IR, also one where a variable is assigned many
 * times (the tangent of a node is computed from its operands before the node may overwrite one),
 * so that it can run on the output of the adjoint pass.
 */
public final class TangentPass {

  /**
   * The result of the pass.
   *
   * @param function the tangent program; its parameters interleave each differentiable parameter
   *     with its tangent
   * @param tangents for each original parameter, its tangent parameter, or null
   */
  public record Tangent(Function function, List<Var> tangents) {}

  private final VarFactory vars;
  private final Activity activity;
  private final Map<Var, Var> dots = new HashMap<>();

  private TangentPass(VarFactory vars, Activity activity) {
    this.vars = vars;
    this.activity = activity;
  }

  public static Tangent transform(Function f, VarFactory vars) {
    TangentPass pass = new TangentPass(vars, Activity.of(f));
    List<Function.Param> params = new ArrayList<>();
    List<Var> tangents = new ArrayList<>();
    for (Function.Param p : f.params()) {
      params.add(p);
      if (p.differentiable() && p.var().type().isDifferentiable()) {
        Var dot = pass.dot(p.var());
        params.add(new Function.Param(dot, false));
        tangents.add(dot);
      } else {
        tangents.add(null);
      }
    }
    List<Stmt> body = new ArrayList<>();
    pass.block(f.body(), new Builder(vars, body));
    Function out = new Function(f.name(), params, f.returnType(), body);
    return new Tangent(Simplify.run(out, List.of()), tangents);
  }

  private Var dot(Var v) {
    return dots.computeIfAbsent(
        v,
        k ->
            vars.create(
                k.hint() + "Dot",
                k.type(),
                switch (k.role()) {
                  case PARAM -> Var.Role.EXTRA_PARAM;
                  case TEMP -> Var.Role.TEMP;
                  default -> Var.Role.TANGENT;
                }));
  }

  /** The tangent of an operand: its tangent variable, or null where it is zero. */
  private Value dotOf(Value v) {
    return activity.isVaried(v) ? dot((Var) v) : null;
  }

  private Value dotOrZero(Value v, Type type) {
    Value d = dotOf(v);
    if (d != null) {
      return d;
    }
    return type.isArray() ? Const.nullOf(type) : Builder.constant(0, type);
  }

  private List<Stmt> sub(List<Stmt> in, Builder b) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> outer = b.redirect(out);
    block(in, b);
    b.redirect(outer);
    return out;
  }

  private void block(List<Stmt> in, Builder b) {
    for (Stmt s : in) {
      b.at(s.origin());
      if (s instanceof Stmt.Assign a) {
        assign(a, b);
      } else if (s instanceof Stmt.Store st) {
        b.add(st);
        if (activity.isVaried(st.array())) {
          Type element = st.array().type().element();
          b.add(new Stmt.Store(dot((Var) st.array()), st.index(), dotOrZero(st.value(), element), st.origin()));
        }
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = sub(i.then(), b);
        List<Stmt> otherwise = sub(i.otherwise(), b);
        b.add(new Stmt.If(i.cond(), then, otherwise, i.origin()));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> head = sub(l.head(), b);
        List<Stmt> body = sub(l.body(), b);
        b.add(new Stmt.Loop(head, l.cond(), body, l.origin()));
      } else if (s instanceof Stmt.Repeat r) {
        b.add(new Stmt.Repeat(r.count(), sub(r.body(), b), r.origin()));
      } else if (s instanceof Stmt.Push p) {
        b.add(p);
        Value d = dotOf(p.value());
        if (d != null) {
          b.add(new Stmt.Push(d, p.origin()));
        }
      } else if (s instanceof Stmt.Pop p) {
        if (activity.isVaried(p.target())) {
          b.add(new Stmt.Pop(dot(p.target()), p.origin()));
        }
        b.add(p);
      } else if (s instanceof Stmt.AddArray a) {
        b.add(a);
        if (activity.isVaried(a.source())) {
          b.add(new Stmt.AddArray(dot(a.target()), dot(a.source()), a.origin()));
        }
      } else if (s instanceof Stmt.Return r) {
        Value d = dotOf(r.value());
        b.add(new Stmt.Return(d == null ? Builder.constant(0, r.value().type()) : d, r.origin()));
      } else {
        throw new IllegalStateException("tangent of " + s.getClass().getSimpleName() + " is not supported");
      }
    }
  }

  private void assign(Stmt.Assign a, Builder b) {
    Var target = a.target();
    if (target.type().isArray()) {
      b.add(a);
      if (activity.isVaried(target)) {
        b.assign(dot(target), shadow((Expr.Apply) a.expr(), target, b));
      }
      return;
    }
    if (!activity.carriesDerivative(a.expr())) {
      b.add(a);
      if (activity.isVaried(target)) {
        // Overwritten with a value that carries no derivative (in loops and reassigning programs).
        b.assign(dot(target), Builder.constant(0, target.type()));
      }
      return;
    }
    if (a.expr() instanceof Expr.Call call) {
      List<Value> args = new ArrayList<>();
      for (int i = 0; i < call.args().size(); i++) {
        Value arg = call.args().get(i);
        args.add(arg);
        if (call.callee().differentiable().get(i)) {
          args.add(dotOrZero(arg, call.callee().paramTypes().get(i)));
        }
      }
      Var tmpDot = vars.create("t", call.type(), Var.Role.TEMP);
      b.assign(tmpDot, new Expr.Call(call.callee(), Expr.Mode.TANGENT, call.type(), args));
      b.add(a);
      b.assign(dot(target), tmpDot);
      return;
    }
    Expr.Apply node = (Expr.Apply) a.expr();
    if (node.op() == Op.LOAD) {
      // v = a[i]: vDot = aDot[i]
      b.add(a);
      b.assign(dot(target), new Expr.Apply(Op.LOAD, target.type(), List.of(dot((Var) node.args().get(0)), node.args().get(1)), false));
      return;
    }
    // When the node overwrites one of its operands, compute into a temporary first.
    boolean overwrites = node.args().contains(target);
    Var value = overwrites ? vars.create("t", target.type(), Var.Role.TEMP) : target;
    b.assign(value, node);
    Value[] partials = DerivativeRules.partials(b, node, value);
    Value sum = null;
    for (int i = 0; i < partials.length; i++) {
      Value d = dotOf(node.args().get(i));
      if (partials[i] == null || d == null) {
        continue;
      }
      if (sum != null && Builder.isMinusOneConst(partials[i])) {
        sum = b.sub(sum, d);
        continue;
      }
      Value term = b.isQuotient(partials[i]) ? b.times(d, partials[i]) : b.mul(partials[i], d);
      sum = sum == null ? term : b.add(sum, term);
    }
    b.assign(dot(target), sum == null ? Builder.constant(0, target.type()) : sum);
    if (overwrites) {
      b.assign(target, (Value) value);
    }
  }

  /** The tangent array that goes with an array assignment. */
  private Expr shadow(Expr.Apply e, Var target, Builder b) {
    List<Value> args = e.args();
    switch (e.op()) {
      case NEW_ARRAY:
      case NEW_MATRIX:
        return e;
      case COPY:
      case LOAD:
        {
          List<Value> shadowArgs = new ArrayList<>(args);
          shadowArgs.set(0, dotOrZero(args.get(0), args.get(0).type()));
          return new Expr.Apply(e.op(), e.type(), shadowArgs, false);
        }
      case CLONE:
        if (activity.isVaried(args.get(0))) {
          return new Expr.Apply(Op.CLONE, e.type(), List.of(dot((Var) args.get(0))), false);
        }
        return new Expr.Apply(
            Op.NEW_ARRAY, e.type(), List.of(b.apply(Op.LENGTH, Type.INT, args.get(0))), false);
      default:
        throw new IllegalStateException("no tangent for an array from " + e.op());
    }
  }
}
