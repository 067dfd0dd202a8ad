package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.rules.DerivativeRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Activity analysis: which variables carry derivatives.
 *
 * <p>A variable is <em>varied</em> if it depends differentiably on a differentiable parameter, and
 * <em>useful</em> if the result depends on it. Only variables that are both (active) get an
 * adjoint; only varied ones get a tangent. Work on anything else would add zeros.
 */
public final class Activity {
  private final Set<Var> varied = new HashSet<>();
  private final Set<Var> useful = new HashSet<>();

  private Activity() {}

  /** Analyses {@code f}, whose single result is the value of its final return. */
  public static Activity of(Function f) {
    Activity a = new Activity();
    for (Function.Param p : f.params()) {
      if (p.differentiable() && p.var().type().isFloating()) {
        a.varied.add(p.var());
      }
    }
    a.forward(f.body());
    a.backward(f.body());
    return a;
  }

  /** Whether {@code v} depends differentiably on a differentiable parameter. */
  public boolean isVaried(Value v) {
    return v instanceof Var var && varied.contains(var);
  }

  /** Whether {@code v} is varied and the result depends on it. */
  public boolean isActive(Value v) {
    return v instanceof Var var && varied.contains(var) && useful.contains(var);
  }

  /** Whether the value computed by {@code e} depends differentiably on a varied operand. */
  public boolean carriesDerivative(Expr e) {
    if (!e.type().isFloating()) {
      return false;
    }
    if (e instanceof Expr.Apply apply) {
      if (!DerivativeRules.isDifferentiable(apply)) {
        return false;
      }
      for (Value v : apply.args()) {
        if (isVaried(v)) {
          return true;
        }
      }
      return false;
    }
    Expr.Call call = (Expr.Call) e;
    if (!call.callee().isDifferentiable()) {
      return false;
    }
    for (int i = 0; i < call.args().size(); i++) {
      if (call.callee().differentiable().get(i) && isVaried(call.args().get(i))) {
        return true;
      }
    }
    return false;
  }

  private void forward(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        if (carriesDerivative(a.expr())) {
          varied.add(a.target());
        }
      } else if (s instanceof Stmt.If i) {
        forward(i.then());
        forward(i.otherwise());
      }
    }
  }

  private void backward(List<Stmt> block) {
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      if (s instanceof Stmt.Return r) {
        if (r.value() instanceof Var v) {
          useful.add(v);
        }
      } else if (s instanceof Stmt.Assign a) {
        if (useful.contains(a.target()) && a.target().type().isFloating()) {
          for (Value v : a.expr().args()) {
            if (v instanceof Var var && var.type().isFloating()) {
              useful.add(var);
            }
          }
        }
      } else if (s instanceof Stmt.If i) {
        backward(i.then());
        backward(i.otherwise());
      }
    }
  }
}
