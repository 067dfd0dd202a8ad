package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Simplification: removes the nodes whose values nothing reads (dead code), and branches left
 * empty. Derivative rules build every partial they might need; this pass drops the unneeded ones,
 * and the primal nodes a tangent program no longer reads.
 *
 * <p>Every operation of the IR is free of side effects except calls of user methods, which the
 * processor only accepts as functions of their arguments; they are removed like the rest.
 */
public final class Simplify {
  private Simplify() {}

  /** {@code f} without dead code; {@code roots} are variables read after the body (outputs). */
  public static Function deadCode(Function f, Collection<Var> roots) {
    return new Function(f.name(), f.params(), f.returnType(), liveStatements(f.body(), roots, null));
  }

  /**
   * The statements of {@code body} whose values are read by a later statement, the return or a
   * root.
   *
   * @param keptTop if not null, receives for each top-level statement whether it is kept
   */
  public static List<Stmt> liveStatements(List<Stmt> body, Collection<Var> roots, boolean[] keptTop) {
    Set<Var> live = new HashSet<>(roots);
    return block(body, live, keptTop);
  }

  private static List<Stmt> block(List<Stmt> in, Set<Var> live, boolean[] keptTop) {
    List<Stmt> kept = new ArrayList<>();
    for (int k = in.size() - 1; k >= 0; k--) {
      Stmt s = in.get(k);
      Stmt result = statement(s, live);
      if (keptTop != null) {
        keptTop[k] = result != null;
      }
      if (result != null) {
        kept.add(result);
      }
    }
    java.util.Collections.reverse(kept);
    return kept;
  }

  private static Stmt statement(Stmt s, Set<Var> live) {
    if (s instanceof Stmt.Return r) {
      read(r.value(), live);
      return s;
    }
    if (s instanceof Stmt.Assign a) {
      if (!live.contains(a.target())) {
        return null;
      }
      // Not removed from the live set: a variable may be assigned again (accumulators).
      for (Value v : a.expr().args()) {
        read(v, live);
      }
      return s;
    }
    if (s instanceof Stmt.PullbackCall c) {
      boolean needed = false;
      for (Var adj : c.adjoints()) {
        needed |= adj != null && live.contains(adj);
      }
      if (!needed) {
        return null;
      }
      for (Value v : c.args()) {
        read(v, live);
      }
      read(c.seed(), live);
      for (Var adj : c.adjoints()) {
        if (adj != null) {
          live.add(adj);
        }
      }
      return s;
    }
    Stmt.If i = (Stmt.If) s;
    Set<Var> elseLive = new HashSet<>(live);
    List<Stmt> then = block(i.then(), live, null);
    List<Stmt> otherwise = block(i.otherwise(), elseLive, null);
    live.addAll(elseLive);
    if (then.isEmpty() && otherwise.isEmpty()) {
      return null;
    }
    read(i.cond(), live);
    return new Stmt.If(i.cond(), then, otherwise, i.origin());
  }

  private static void read(Value v, Set<Var> live) {
    if (v instanceof Var var) {
      live.add(var);
    }
  }
}
