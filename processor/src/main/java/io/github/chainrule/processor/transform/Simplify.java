package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Builder;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
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
    Map<Var, Integer> uses = new HashMap<>();
    Stmts.forEach(body, s -> Stmts.reads(s).forEach(v -> {
      if (v instanceof Var var) {
        uses.merge(var, 1, Integer::sum);
      }
    }));
    Map<Var, Integer> defs = new HashMap<>();
    countDefs(body, defs);
    // t = e; v = t  (t a temporary read only there)  becomes  v = e: the user's name stays.
    Map<Var, Var> renames = new HashMap<>();
    findRenames(body, defs, uses, new HashSet<>(roots), renames);
    if (!renames.isEmpty()) {
      body = rename(body, renames);
      defs.clear();
      countDefs(body, defs);
    }
    Map<Var, Integer> lastDef = new HashMap<>();
    Set<Var> loopDefs = new HashSet<>();
    number(body, lastDef, loopDefs, false, new int[1]);
    Map<Var, Value> replace = new HashMap<>();
    findCopies(body, defs, lastDef, loopDefs, new HashSet<>(roots), replace, new int[1]);
    if (replace.isEmpty()) {
      return body;
    }
    return substitute(body, replace);
  }

  private static void countDefs(List<Stmt> body, Map<Var, Integer> defs) {
    Stmts.forEach(body, s -> {
      for (Var v : Stmts.writes(s)) {
        // An adjoint a pullback call accumulates is read and written: never a plain copy.
        defs.merge(v, s instanceof Stmt.PullbackCall ? 2 : 1, Integer::sum);
      }
    });
  }

  /** Numbers statements in program order, noting each variable's last definition and those made in loops. */
  private static void number(
      List<Stmt> block, Map<Var, Integer> lastDef, Set<Var> loopDefs, boolean inLoop, int[] counter) {
    for (Stmt s : block) {
      int index = counter[0]++;
      for (Var v : Stmts.writes(s)) {
        lastDef.put(v, index);
        if (inLoop) {
          loopDefs.add(v);
        }
      }
      boolean loop = inLoop || s instanceof Stmt.Loop || s instanceof Stmt.Repeat;
      for (List<Stmt> nested : Stmts.blocks(s)) {
        number(nested, lastDef, loopDefs, loop, counter);
      }
    }
  }

  /**
   * A copy {@code v = a} can be replaced when {@code v} is assigned only there and {@code a} is a
   * constant, or is never assigned after the copy nor inside a loop (a parameter, a value, a join
   * of branches).
   */
  private static void findCopies(
      List<Stmt> block,
      Map<Var, Integer> defs,
      Map<Var, Integer> lastDef,
      Set<Var> loopDefs,
      Set<Var> roots,
      Map<Var, Value> replace,
      int[] counter) {
    Set<Var> definedHere = new HashSet<>();
    for (Stmt s : block) {
      int index = counter[0]++;
      if (s instanceof Stmt.Assign a
          && a.expr() instanceof Expr.Apply ap
          && ap.op() == Op.COPY
          && defs.getOrDefault(a.target(), 0) == 1
          && !roots.contains(a.target())) {
        Value source = ap.args().get(0);
        // In a loop, a source assigned once, earlier in the same block, is the same value at the
        // copy and at every later use in that iteration.
        if (source.type() == a.target().type()
            && (source instanceof Const
                || (!loopDefs.contains((Var) source) && lastDef.getOrDefault((Var) source, -1) < index)
                || (defs.getOrDefault((Var) source, 0) == 1 && definedHere.contains((Var) source)))) {
          replace.put(a.target(), source);
        }
      }
      definedHere.addAll(Stmts.writes(s));
      for (List<Stmt> nested : Stmts.blocks(s)) {
        findCopies(nested, defs, lastDef, loopDefs, roots, replace, counter);
      }
    }
  }

  private static void findRenames(
      List<Stmt> block, Map<Var, Integer> defs, Map<Var, Integer> uses, Set<Var> roots, Map<Var, Var> renames) {
    Set<Var> definedHere = new HashSet<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        if (a.expr() instanceof Expr.Apply ap
            && ap.op() == Op.COPY
            && ap.args().get(0) instanceof Var t
            && t.role() == Var.Role.TEMP
            && a.target().role() != Var.Role.TEMP
            && t.type() == a.target().type()
            && definedHere.contains(t)
            && defs.getOrDefault(t, 0) == 1
            && uses.getOrDefault(t, 0) == 1
            && defs.getOrDefault(a.target(), 0) == 1
            && !roots.contains(t)) {
          renames.put(t, a.target());
        }
        definedHere.add(a.target());
      }
      for (List<Stmt> nested : Stmts.blocks(s)) {
        findRenames(nested, defs, uses, roots, renames);
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
      } else {
        out.add(withNested(s, n -> rename(n, renames)));
      }
    }
    return out;
  }

  private static Stmt withNested(Stmt s, java.util.function.UnaryOperator<List<Stmt>> f) {
    List<List<Stmt>> nested = Stmts.blocks(s);
    if (nested.isEmpty()) {
      return s;
    }
    List<List<Stmt>> out = new ArrayList<>();
    for (List<Stmt> n : nested) {
      out.add(f.apply(n));
    }
    return Stmts.withBlocks(s, out);
  }

  private static Value resolve(Value v, Map<Var, Value> replace) {
    while (v instanceof Var var && replace.containsKey(var)) {
      v = replace.get(var);
    }
    return v;
  }

  private static List<Stmt> substitute(List<Stmt> block, Map<Var, Value> replace) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a && replace.containsKey(a.target())) {
        continue;
      }
      Stmt mapped = Stmts.mapReads(s, v -> resolve(v, replace));
      out.add(withNested(mapped, n -> substitute(n, replace)));
    }
    return out;
  }

  /**
   * Local rewrites the adjoint of a loop-carried value leaves behind: {@code v = 0; ...; v = v + e}
   * (nothing touching {@code v} between) becomes {@code v = e}, and {@code t = v; ...; v = t}
   * ({@code v} untouched between) drops its second copy. In every block, nested ones included.
   */
  public static List<Stmt> peephole(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      List<List<Stmt>> nested = Stmts.blocks(s);
      if (!nested.isEmpty()) {
        List<List<Stmt>> done = new ArrayList<>();
        for (List<Stmt> n : nested) {
          done.add(peephole(n));
        }
        s = Stmts.withBlocks(s, done);
      }
      out.add(s);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int k = 0; k < out.size() && !changed; k++) {
        if (!(out.get(k) instanceof Stmt.Assign a) || !(a.expr() instanceof Expr.Apply ap) || ap.op() != Op.COPY) {
          continue;
        }
        Var v = a.target();
        Value source = ap.args().get(0);
        int next = nextTouching(out, k + 1, v);
        if (next < 0) {
          continue;
        }
        Stmt later = out.get(next);
        // v = 0; ... v = v + e   ->   v = e
        if (source instanceof Const c
            && Builder.isZero(c)
            && later instanceof Stmt.Assign la
            && la.target() == v
            && la.expr() instanceof Expr.Apply add
            && add.op() == Op.ADD
            && add.type() == v.type()
            && add.args().get(0) == v
            && add.args().get(1) != v) {
          Value e = add.args().get(1);
          out.set(next, new Stmt.Assign(v, new Expr.Apply(e.type() == v.type() ? Op.COPY : Op.CAST, v.type(), List.of(e), false), la.origin()));
          out.remove(k);
          changed = true;
        }
      }
      for (int k = 0; k < out.size() && !changed; k++) {
        // t = v; ... v = t   (v and t untouched between)   ->   drop the second
        if (out.get(k) instanceof Stmt.Assign a
            && a.expr() instanceof Expr.Apply ap
            && ap.op() == Op.COPY
            && ap.args().get(0) instanceof Var v) {
          Var t = a.target();
          for (int j = k + 1; j < out.size(); j++) {
            Stmt later = out.get(j);
            if (later instanceof Stmt.Assign la
                && la.target() == v
                && la.expr() instanceof Expr.Apply lap
                && lap.op() == Op.COPY
                && lap.args().get(0) == t) {
              out.remove(j);
              changed = true;
              break;
            }
            if (writesAny(later, v) || writesAny(later, t)) {
              break;
            }
          }
        }
      }
    }
    return out;
  }

  /** The index of the first statement from {@code from} that reads or writes {@code v}, or -1. */
  private static int nextTouching(List<Stmt> block, int from, Var v) {
    for (int k = from; k < block.size(); k++) {
      boolean[] touches = new boolean[1];
      Stmts.forEach(List.of(block.get(k)), s -> touches[0] |= Stmts.writes(s).contains(v) || Stmts.reads(s).contains(v));
      if (touches[0]) {
        return Stmts.blocks(block.get(k)).isEmpty() ? k : -1;
      }
    }
    return -1;
  }

  private static boolean writesAny(Stmt s, Var v) {
    boolean[] w = new boolean[1];
    Stmts.forEach(List.of(s), x -> w[0] |= Stmts.writes(x).contains(v));
    return w[0];
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
    if (keptTop != null) {
      throw new IllegalArgumentException("use liveSweeps");
    }
    return liveSweeps(List.of(body), roots).get(0);
  }

  /**
   * Dead-code removal over consecutive parts of one program (a forward and a backward sweep): what
   * a later part reads keeps alive what an earlier part computes. Inside loops every read counts
   * as live, so a dead chain loses one link per pass: passes repeat until nothing changes.
   */
  public static List<List<Stmt>> liveSweeps(List<List<Stmt>> parts, Collection<Var> roots) {
    List<List<Stmt>> current = parts;
    while (true) {
      Set<Var> live = new HashSet<>(roots);
      List<List<Stmt>> next = new ArrayList<>(current);
      for (int i = current.size() - 1; i >= 0; i--) {
        next.set(i, block(current.get(i), live, null));
      }
      int before = 0;
      int after = 0;
      for (int i = 0; i < current.size(); i++) {
        before += count(current.get(i));
        after += count(next.get(i));
      }
      if (after == before) {
        return next;
      }
      current = next;
    }
  }

  private static int count(List<Stmt> block) {
    int[] n = new int[1];
    Stmts.forEach(block, s -> n[0]++);
    return n[0];
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
    if (s instanceof Stmt.Assign a) {
      if (!live.contains(a.target())) {
        return null;
      }
      // Not removed from the live set: a variable may be assigned again (accumulators, loops).
      for (Value v : a.expr().args()) {
        read(v, live);
      }
      return s;
    }
    if (s instanceof Stmt.PullbackCall c) {
      boolean needed = false;
      for (Var adj : c.adjoints()) {
        needed |= adj != null && (adj.type().isArray() || live.contains(adj));
      }
      if (!needed) {
        return null;
      }
      for (Value v : Stmts.reads(s)) {
        read(v, live);
      }
      return s;
    }
    if (s instanceof Stmt.If i) {
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
    if (s instanceof Stmt.Loop || s instanceof Stmt.Repeat) {
      // A later iteration may read what an earlier one wrote: everything the loop reads is live.
      Stmts.forEach(List.of(s), t -> Stmts.reads(t).forEach(v -> read(v, live)));
      List<List<Stmt>> kept = new ArrayList<>();
      for (List<Stmt> b : Stmts.blocks(s)) {
        kept.add(block(b, live, null));
      }
      if (s instanceof Stmt.Repeat && kept.get(0).isEmpty()) {
        return null;
      }
      return Stmts.withBlocks(s, kept);
    }
    // Returns, stores, pushes, pops and array additions have effects: always kept.
    for (Value v : Stmts.reads(s)) {
      read(v, live);
    }
    return s;
  }

  private static void read(Value v, Set<Var> live) {
    if (v instanceof Var var) {
      live.add(var);
    }
  }
}
