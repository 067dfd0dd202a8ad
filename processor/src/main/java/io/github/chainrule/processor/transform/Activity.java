package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.rules.DerivativeRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activity analysis: which variables carry derivatives.
 *
 * <p>A variable is <em>varied</em> if it depends differentiably on a differentiable parameter, and
 * <em>useful</em> if the result depends on it. Only variables that are both (active) get an
 * adjoint; only varied ones get a tangent. Work on anything else would add zeros.
 *
 * <p>Arrays are memory: array variables that may refer to the same memory (a copy, a row of a
 * matrix, a matrix's shallow clone) form one class, which is varied when a varied value is stored
 * into it, and useful when a useful value is loaded from it. Loops make both analyses fixpoints.
 */
public final class Activity {
  private final Set<Var> varied = new HashSet<>();
  private final Set<Var> useful = new HashSet<>();
  private final Map<Var, Var> parent = new HashMap<>();
  private final Set<Var> variedClasses = new HashSet<>();
  private final Set<Var> usefulClasses = new HashSet<>();

  private Activity() {}

  /** Analyses {@code f}, whose single result is the value of its final return. */
  public static Activity of(Function f) {
    Activity a = new Activity();
    Stmts.forEach(f.body(), a::aliases);
    for (Function.Param p : f.params()) {
      if (p.differentiable() && p.var().type().isDifferentiable()) {
        a.markVaried(p.var());
      }
    }
    boolean changed = true;
    while (changed) {
      changed = a.forward(f.body());
    }
    changed = true;
    while (changed) {
      changed = a.backward(f.body());
    }
    return a;
  }

  // ---- Alias classes of array variables ---------------------------------------------------------

  private Var root(Var v) {
    Var p = parent.get(v);
    if (p == null || p == v) {
      return v;
    }
    Var r = root(p);
    parent.put(v, r);
    return r;
  }

  private void union(Var a, Var b) {
    Var ra = root(a);
    Var rb = root(b);
    if (ra != rb) {
      parent.put(ra, rb);
    }
  }

  private void aliases(Stmt s) {
    if (s instanceof Stmt.Assign a && a.target().type().isArray() && a.expr() instanceof Expr.Apply ap) {
      boolean alias =
          ap.op() == Op.COPY
              || ap.op() == Op.LOAD
              || (ap.op() == Op.CLONE && a.target().type().element().isArray());
      if (alias && ap.args().get(0) instanceof Var source) {
        union(a.target(), source);
      }
    }
  }

  private boolean markVaried(Var v) {
    if (v.type().isArray()) {
      return variedClasses.add(root(v));
    }
    return varied.add(v);
  }

  // ---- Queries ----------------------------------------------------------------------------------

  /** Whether {@code v} depends differentiably on a differentiable parameter. */
  public boolean isVaried(Value v) {
    if (!(v instanceof Var var) || !var.type().isDifferentiable()) {
      return false;
    }
    return var.type().isArray() ? variedClasses.contains(root(var)) : varied.contains(var);
  }

  /** Whether {@code v} is varied and the result depends on it. */
  public boolean isActive(Value v) {
    if (!isVaried(v)) {
      return false;
    }
    Var var = (Var) v;
    return var.type().isArray() ? usefulClasses.contains(root(var)) : useful.contains(var);
  }

  /** Whether the value computed by {@code e} depends differentiably on a varied operand. */
  public boolean carriesDerivative(Expr e) {
    if (!e.type().isDifferentiable()) {
      return false;
    }
    if (e instanceof Expr.Apply apply) {
      if (apply.op().kind() == Op.Kind.ARRAY) {
        return switch (apply.op()) {
          case LOAD, CLONE -> isVaried(apply.args().get(0));
          default -> false;
        };
      }
      if (apply.op() == Op.COPY && e.type().isArray()) {
        return isVaried(apply.args().get(0));
      }
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

  private boolean forward(List<Stmt> block) {
    boolean[] changed = new boolean[1];
    Stmts.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign a) {
            if (carriesDerivative(a.expr())) {
              changed[0] |= markVaried(a.target());
            }
          } else if (s instanceof Stmt.Store st && isVaried(st.value()) && st.array() instanceof Var arr) {
            changed[0] |= markVaried(arr);
          }
        });
    return changed[0];
  }

  private boolean markUseful(Value v) {
    if (!(v instanceof Var var) || !var.type().isDifferentiable()) {
      return false;
    }
    return var.type().isArray() ? usefulClasses.add(root(var)) : useful.add(var);
  }

  private boolean isUseful(Var v) {
    return v.type().isArray() ? usefulClasses.contains(root(v)) : useful.contains(v);
  }

  private boolean backward(List<Stmt> block) {
    boolean[] changed = new boolean[1];
    Stmts.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Return r) {
            changed[0] |= markUseful(r.value());
          } else if (s instanceof Stmt.Assign a) {
            if (isUseful(a.target()) && a.target().type().isDifferentiable()) {
              if (a.expr() instanceof Expr.Call call) {
                for (int i = 0; i < call.args().size(); i++) {
                  if (call.callee().isDifferentiable() && call.callee().differentiable().get(i)) {
                    changed[0] |= markUseful(call.args().get(i));
                  }
                }
              } else {
                Expr.Apply ap = (Expr.Apply) a.expr();
                if (ap.op() == Op.LOAD || ap.op() == Op.CLONE || ap.op() == Op.COPY) {
                  changed[0] |= markUseful(ap.args().get(0));
                } else if (ap.op().kind() != Op.Kind.ARRAY) {
                  for (Value v : ap.args()) {
                    changed[0] |= markUseful(v);
                  }
                }
              }
            }
          } else if (s instanceof Stmt.Store st) {
            if (st.array() instanceof Var arr && isUseful(arr)) {
              changed[0] |= markUseful(st.value());
            }
          }
        });
    return changed[0];
  }
}
