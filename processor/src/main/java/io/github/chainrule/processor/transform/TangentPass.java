package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Builder;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Stmt;
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
 * a_iDot}, from the rules table. Works on any program of the IR, also one where a variable is
 * assigned many times (the tangent of a node is computed before the node overwrites an operand),
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
      if (p.differentiable() && p.var().type().isFloating()) {
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

  private void block(List<Stmt> in, Builder b) {
    for (Stmt s : in) {
      b.at(s.origin());
      if (s instanceof Stmt.Assign a) {
        assign(a, b);
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = new ArrayList<>();
        List<Stmt> otherwise = new ArrayList<>();
        List<Stmt> outer = b.redirect(then);
        block(i.then(), b);
        b.redirect(otherwise);
        block(i.otherwise(), b);
        b.redirect(outer);
        b.add(new Stmt.If(i.cond(), then, otherwise, i.origin()));
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
    if (!activity.carriesDerivative(a.expr())) {
      b.add(a);
      if (activity.isVaried(target)) {
        // Overwritten with a value that carries no derivative (only in programs that reassign).
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
          Value d = dotOf(arg);
          args.add(d == null ? Builder.constant(0, call.callee().paramTypes().get(i)) : d);
        }
      }
      Var tmpDot = vars.create("t", call.type(), Var.Role.TEMP);
      b.assign(tmpDot, new Expr.Call(call.callee(), Expr.Mode.TANGENT, call.type(), args));
      b.add(a);
      b.assign(dot(target), tmpDot);
      return;
    }
    Expr.Apply node = (Expr.Apply) a.expr();
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
      Value term = b.mul(partials[i], d);
      sum = sum == null ? term : b.add(sum, term);
    }
    b.assign(dot(target), sum == null ? Builder.constant(0, target.type()) : sum);
    if (overwrites) {
      b.assign(target, (Value) value);
    }
  }
}
