package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

  /**
   * Copy propagation then dead-code removal; {@code roots} are variables read after the body
   * (outputs), which are kept.
   */
  public static Function run(Function f, Collection<Var> roots) {
    List<Stmt> body = propagateCopies(f.body(), roots);
    return new Function(f.name(), f.params(), f.returnType(), liveStatements(body, roots, null));
  }

  /**
   * Replaces each variable that is assigned once, from a copy of a constant or of a variable that
   * is itself assigned at most once, by that constant or variable. Such a copy comes from the
   * join of branches, from {@code q = x + y} (a temporary copied into a local) and from the
   * derivative of a copy; removing them keeps generated code as short as hand-written code.
   */
  public static List<Stmt> propagateCopies(List<Stmt> body, Collection<Var> roots) {
    Map<Var, Integer> defs = new HashMap<>();
    Map<Var, Integer> lastDef = new HashMap<>();
    number(body, defs, lastDef, new int[1]);
    Map<Var, Integer> uses = new HashMap<>();
    countUses(body, uses);
    // t = e; v = t  (t a temporary read only there)  becomes  v = e: the user's name stays.
    Map<Var, Var> renames = new HashMap<>();
    findRenames(body, defs, uses, new HashSet<>(roots), renames);
    if (!renames.isEmpty()) {
      body = rename(body, renames);
      defs.clear();
      lastDef.clear();
      number(body, defs, lastDef, new int[1]);
    }
    Map<Var, Value> replace = new HashMap<>();
    findCopies(body, defs, lastDef, new HashSet<>(roots), replace, new int[1]);
    if (replace.isEmpty()) {
      return body;
    }
    return substitute(body, replace);
  }

  private static void countUses(List<Stmt> block, Map<Var, Integer> uses) {
    for (Stmt s : block) {
      List<Value> read = new ArrayList<>();
      if (s instanceof Stmt.Assign a) {
        read.addAll(a.expr().args());
      } else if (s instanceof Stmt.If i) {
        read.add(i.cond());
        countUses(i.then(), uses);
        countUses(i.otherwise(), uses);
      } else if (s instanceof Stmt.Return r) {
        read.add(r.value());
      } else if (s instanceof Stmt.PullbackCall c) {
        read.addAll(c.args());
        read.add(c.seed());
        read.addAll(c.adjoints().stream().filter(java.util.Objects::nonNull).toList());
      }
      for (Value v : read) {
        if (v instanceof Var var) {
          uses.merge(var, 1, Integer::sum);
        }
      }
    }
  }

  private static void findRenames(
      List<Stmt> block, Map<Var, Integer> defs, Map<Var, Integer> uses, Set<Var> roots, Map<Var, Var> renames) {
    Map<Var, Integer> definedHere = new HashMap<>();
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      if (s instanceof Stmt.Assign a) {
        if (a.expr() instanceof Expr.Apply ap
            && ap.op() == Op.COPY
            && ap.args().get(0) instanceof Var t
            && t.role() == Var.Role.TEMP
            && a.target().role() != Var.Role.TEMP
            && t.type() == a.target().type()
            && definedHere.containsKey(t)
            && defs.getOrDefault(t, 0) == 1
            && uses.getOrDefault(t, 0) == 1
            && defs.getOrDefault(a.target(), 0) == 1
            && !roots.contains(t)) {
          renames.put(t, a.target());
        }
        definedHere.put(a.target(), k);
      } else if (s instanceof Stmt.If i) {
        findRenames(i.then(), defs, uses, roots, renames);
        findRenames(i.otherwise(), defs, uses, roots, renames);
      }
    }
  }

  private static List<Stmt> rename(List<Stmt> block, Map<Var, Var> renames) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        if (a.expr() instanceof Expr.Apply ap
            && ap.op() == Op.COPY
            && ap.args().get(0) instanceof Var t
            && renames.get(t) == a.target()) {
          continue; // the copy itself
        }
        Var target = renames.getOrDefault(a.target(), a.target());
        out.add(target == a.target() ? s : new Stmt.Assign(target, a.expr(), a.origin()));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.cond(), rename(i.then(), renames), rename(i.otherwise(), renames), i.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Counts definitions and numbers statements in program order, noting each variable's last definition. */
  private static void number(List<Stmt> block, Map<Var, Integer> defs, Map<Var, Integer> lastDef, int[] counter) {
    for (Stmt s : block) {
      int index = counter[0]++;
      if (s instanceof Stmt.Assign a) {
        defs.merge(a.target(), 1, Integer::sum);
        lastDef.put(a.target(), index);
      } else if (s instanceof Stmt.If i) {
        number(i.then(), defs, lastDef, counter);
        number(i.otherwise(), defs, lastDef, counter);
      } else if (s instanceof Stmt.PullbackCall c) {
        for (Var adj : c.adjoints()) {
          if (adj != null) {
            defs.merge(adj, 2, Integer::sum); // read and written: never a plain copy
            lastDef.put(adj, index);
          }
        }
      }
    }
  }

  /**
   * A copy {@code v = a} can be replaced when {@code v} is assigned only there and {@code a} is a
   * constant or is never assigned after the copy (a parameter, a value, a join of branches).
   */
  private static void findCopies(
      List<Stmt> block,
      Map<Var, Integer> defs,
      Map<Var, Integer> lastDef,
      Set<Var> roots,
      Map<Var, Value> replace,
      int[] counter) {
    for (Stmt s : block) {
      int index = counter[0]++;
      if (s instanceof Stmt.Assign a
          && a.expr() instanceof Expr.Apply ap
          && ap.op() == Op.COPY
          && defs.getOrDefault(a.target(), 0) == 1
          && !roots.contains(a.target())) {
        Value source = ap.args().get(0);
        if (source.type() == a.target().type()
            && (source instanceof Const || lastDef.getOrDefault((Var) source, -1) < index)) {
          replace.put(a.target(), source);
        }
      } else if (s instanceof Stmt.If i) {
        findCopies(i.then(), defs, lastDef, roots, replace, counter);
        findCopies(i.otherwise(), defs, lastDef, roots, replace, counter);
      }
    }
  }

  private static Value resolve(Value v, Map<Var, Value> replace) {
    while (v instanceof Var var && replace.containsKey(var)) {
      v = replace.get(var);
    }
    return v;
  }

  private static List<Value> resolveAll(List<Value> values, Map<Var, Value> replace) {
    List<Value> out = new ArrayList<>(values.size());
    for (Value v : values) {
      out.add(resolve(v, replace));
    }
    return out;
  }

  private static List<Stmt> substitute(List<Stmt> block, Map<Var, Value> replace) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        if (replace.containsKey(a.target())) {
          continue;
        }
        Expr e = a.expr();
        Expr ne;
        if (e instanceof Expr.Apply ap) {
          ne = new Expr.Apply(ap.op(), ap.type(), resolveAll(ap.args(), replace), ap.strict());
        } else {
          Expr.Call c = (Expr.Call) e;
          ne = new Expr.Call(c.callee(), c.mode(), c.type(), resolveAll(c.args(), replace));
        }
        out.add(new Stmt.Assign(a.target(), ne, a.origin()));
      } else if (s instanceof Stmt.If i) {
        out.add(
            new Stmt.If(
                resolve(i.cond(), replace),
                substitute(i.then(), replace),
                substitute(i.otherwise(), replace),
                i.origin()));
      } else if (s instanceof Stmt.Return r) {
        out.add(new Stmt.Return(resolve(r.value(), replace), r.origin()));
      } else {
        Stmt.PullbackCall c = (Stmt.PullbackCall) s;
        out.add(
            new Stmt.PullbackCall(
                c.callee(), resolveAll(c.args(), replace), resolve(c.seed(), replace), c.adjoints(), c.origin()));
      }
    }
    return out;
  }

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
