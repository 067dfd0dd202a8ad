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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: turns {@code f(x, y)} into its pullback, a program that runs {@code f} forward and
 * then, from {@code resultAdj = seed}, applies the chain rule node by node in reverse: each node
 * {@code v = op(a_1..a_n)} adds {@code vAdj * dop/da_i} to {@code a_iAdj}. A variable used in many
 * places receives the sum of their contributions.
 *
 * <p>The input must be in dynamic single assignment form (each variable assigned at most once on
 * every path, as the front end builds it), so that every value the backward sweep reads is still
 * there. A branch is reversed as a branch on the same, still available, condition. Calls of other
 * {@code @Differentiable} methods are reversed through their generated pullbacks.
 */
public final class AdjointPass {

  /**
   * The result of the pass.
   *
   * @param function the pullback: the original parameters, then the seed; returns the value
   * @param seed the seed parameter, the adjoint of the result
   * @param adjoints for each original parameter, the variable holding its adjoint at the end, or
   *     null where the parameter is not differentiable or the result does not depend on it
   * @param forwardLength how many statements at the start of the body are the forward sweep
   */
  public record Pullback(Function function, Var seed, List<Var> adjoints, int forwardLength) {}

  private final VarFactory vars;
  private final Activity activity;
  private final Map<Var, Var> adjoints = new HashMap<>();
  private final Set<Var> initialized = new HashSet<>();
  /** Adjoints first reached inside a branch: they must start at zero before the outermost branch. */
  private final Set<Var> pendingZero = new LinkedHashSet<>();

  private AdjointPass(VarFactory vars, Activity activity) {
    this.vars = vars;
    this.activity = activity;
  }

  public static Pullback transform(Function f, VarFactory vars) {
    AdjointPass pass = new AdjointPass(vars, Activity.of(f));
    List<Stmt> primal = f.body();
    Stmt last = primal.get(primal.size() - 1);
    if (!(last instanceof Stmt.Return ret)) {
      throw new IllegalArgumentException("the body must end in its return");
    }
    List<Stmt> body = new ArrayList<>(primal.subList(0, primal.size() - 1));

    Var seed = vars.create("seed", f.returnType(), Var.Role.EXTRA_PARAM);
    List<Stmt> backward = new ArrayList<>();
    Builder b = new Builder(vars, backward);
    b.at(ret.origin());
    if (pass.activity.isActive(ret.value())) {
      Var resultAdj = pass.adjoint((Var) ret.value());
      b.assign(resultAdj, seed);
      pass.initialized.add(resultAdj);
    }
    pass.reverse(primal.subList(0, primal.size() - 1), b, true);

    List<Var> paramAdjoints = new ArrayList<>();
    List<Var> roots = new ArrayList<>();
    for (Function.Param p : f.params()) {
      Var adj = pass.adjoints.get(p.var());
      if (p.differentiable() && adj != null && pass.initialized.contains(adj)) {
        paramAdjoints.add(adj);
        roots.add(adj);
      } else {
        paramAdjoints.add(null);
      }
    }
    int forwardLength = body.size();
    body.addAll(backward);
    body.add(ret);
    List<Function.Param> params = new ArrayList<>(f.params());
    params.add(new Function.Param(seed, false));
    boolean[] kept = new boolean[body.size()];
    List<Stmt> live = Simplify.liveStatements(body, roots, kept);
    int keptForward = 0;
    for (int k = 0; k < forwardLength; k++) {
      keptForward += kept[k] ? 1 : 0;
    }
    Function out = new Function(f.name(), params, f.returnType(), live);
    return new Pullback(out, seed, paramAdjoints, keptForward);
  }

  private Var adjoint(Var v) {
    return adjoints.computeIfAbsent(
        v, k -> vars.create(k.hint() + "Adj", k.type(), Var.Role.ADJOINT));
  }

  /** Adds {@code contribution} to {@code target}'s adjoint. */
  private void contribute(Var target, Value contribution, Builder b, boolean top) {
    Var adj = adjoint(target);
    if (initialized.contains(adj)) {
      b.accumulate(adj, contribution);
    } else if (top) {
      b.assign(adj, contribution);
      initialized.add(adj);
    } else {
      pendingZero.add(adj);
      initialized.add(adj);
      b.accumulate(adj, contribution);
    }
  }

  private void reverse(List<Stmt> block, Builder b, boolean top) {
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      b.at(s.origin());
      if (s instanceof Stmt.Assign a) {
        reverseAssign(a, b, top);
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = new ArrayList<>();
        List<Stmt> otherwise = new ArrayList<>();
        List<Stmt> outer = b.redirect(then);
        reverse(i.then(), b, false);
        b.redirect(otherwise);
        reverse(i.otherwise(), b, false);
        b.redirect(outer);
        b.at(s.origin());
        if (top) {
          for (Var adj : pendingZero) {
            b.assign(adj, Builder.constant(0, adj.type()));
          }
          pendingZero.clear();
        }
        if (!then.isEmpty() || !otherwise.isEmpty()) {
          b.add(new Stmt.If(i.cond(), then, otherwise, i.origin()));
        }
      } else {
        throw new IllegalStateException("adjoint of " + s.getClass().getSimpleName() + " is not supported");
      }
    }
  }

  private void reverseAssign(Stmt.Assign a, Builder b, boolean top) {
    Var target = a.target();
    if (!activity.isActive(target) || !activity.carriesDerivative(a.expr())) {
      return;
    }
    Var targetAdj = adjoint(target);
    if (!initialized.contains(targetAdj)) {
      return; // nothing flows back into this node
    }
    if (a.expr() instanceof Expr.Call call) {
      List<Var> argAdjoints = new ArrayList<>();
      boolean any = false;
      for (int i = 0; i < call.args().size(); i++) {
        Value arg = call.args().get(i);
        if (call.callee().differentiable().get(i) && activity.isActive(arg)) {
          Var adj = adjoint((Var) arg);
          if (!initialized.contains(adj)) {
            if (top) {
              b.assign(adj, Builder.constant(0, adj.type()));
            } else {
              pendingZero.add(adj);
            }
            initialized.add(adj);
          }
          argAdjoints.add(adj);
          any = true;
        } else {
          argAdjoints.add(null);
        }
      }
      if (any) {
        b.add(new Stmt.PullbackCall(call.callee(), call.args(), targetAdj, argAdjoints, a.origin()));
      }
      return;
    }
    Expr.Apply node = (Expr.Apply) a.expr();
    Value[] partials = DerivativeRules.partials(b, node, target);
    for (int i = 0; i < partials.length; i++) {
      Value arg = node.args().get(i);
      if (partials[i] == null || !activity.isActive(arg)) {
        continue;
      }
      // The same operand twice (x * x) contributes twice: both terms are summed.
      contribute((Var) arg, b.mul(targetAdj, partials[i]), b, top);
    }
  }
}
