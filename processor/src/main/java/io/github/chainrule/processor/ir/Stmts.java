package io.github.chainrule.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** What each statement reads, writes and contains: one place, so analyses need no big switches. */
public final class Stmts {
  private Stmts() {}

  /**
   * The values a statement reads itself (not those of the statements nested in it). A loop reads
   * its condition; an adjoint accumulated by a pullback call is read and written.
   */
  public static List<Value> reads(Stmt s) {
    List<Value> out = new ArrayList<>();
    if (s instanceof Stmt.Assign a) {
      out.addAll(a.expr().args());
    } else if (s instanceof Stmt.If i) {
      out.add(i.cond());
    } else if (s instanceof Stmt.Loop l) {
      out.add(l.cond());
    } else if (s instanceof Stmt.Repeat r) {
      out.add(r.count());
    } else if (s instanceof Stmt.Return r) {
      out.add(r.value());
    } else if (s instanceof Stmt.PullbackCall c) {
      out.addAll(c.args());
      out.add(c.seed());
      for (Var adj : c.adjoints()) {
        if (adj != null) {
          out.add(adj);
        }
      }
    } else if (s instanceof Stmt.Store st) {
      out.add(st.array());
      out.add(st.index());
      out.add(st.value());
    } else if (s instanceof Stmt.Push p) {
      out.add(p.value());
    } else if (s instanceof Stmt.AddArray a) {
      out.add(a.target());
      out.add(a.source());
    }
    return out;
  }

  /** The variables a statement assigns itself (array elements are memory, not variables). */
  public static List<Var> writes(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return List.of(a.target());
    }
    if (s instanceof Stmt.Pop p) {
      return List.of(p.target());
    }
    if (s instanceof Stmt.PullbackCall c) {
      List<Var> out = new ArrayList<>();
      for (Var adj : c.adjoints()) {
        if (adj != null && !adj.type().isArray()) {
          out.add(adj);
        }
      }
      return out;
    }
    return List.of();
  }

  /** The blocks nested in a statement, in execution order (a loop: head, then body). */
  public static List<List<Stmt>> blocks(Stmt s) {
    if (s instanceof Stmt.If i) {
      return List.of(i.then(), i.otherwise());
    }
    if (s instanceof Stmt.Loop l) {
      return List.of(l.head(), l.body());
    }
    if (s instanceof Stmt.Repeat r) {
      return List.of(r.body());
    }
    return List.of();
  }

  /** The statement with its nested blocks replaced, in the order {@link #blocks} gives them. */
  public static Stmt withBlocks(Stmt s, List<List<Stmt>> blocks) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.cond(), blocks.get(0), blocks.get(1), i.origin());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(blocks.get(0), l.cond(), blocks.get(1), l.origin());
    }
    if (s instanceof Stmt.Repeat r) {
      return new Stmt.Repeat(r.count(), blocks.get(0), r.origin());
    }
    return s;
  }

  /** Calls {@code visit} on every statement of {@code block}, nested ones included, in order. */
  public static void forEach(List<Stmt> block, Consumer<Stmt> visit) {
    for (Stmt s : block) {
      visit.accept(s);
      for (List<Stmt> b : blocks(s)) {
        forEach(b, visit);
      }
    }
  }

  /** Whether {@code s} or a statement nested in it assigns {@code v}. */
  public static boolean assigns(Stmt s, Var v) {
    boolean[] found = new boolean[1];
    forEach(List.of(s), t -> found[0] |= writes(t).contains(v));
    return found[0];
  }

  /** The statement with every value it reads itself replaced through {@code map}. */
  public static Stmt mapReads(Stmt s, Function<Value, Value> map) {
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.target(), mapExpr(a.expr(), map), a.origin());
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(map.apply(i.cond()), i.then(), i.otherwise(), i.origin());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.head(), map.apply(l.cond()), l.body(), l.origin());
    }
    if (s instanceof Stmt.Repeat r) {
      return new Stmt.Repeat(map.apply(r.count()), r.body(), r.origin());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(map.apply(r.value()), r.origin());
    }
    if (s instanceof Stmt.PullbackCall c) {
      List<Var> adjoints = new ArrayList<>();
      for (Var adj : c.adjoints()) {
        // Shadow arrays are read (the callee accumulates into them); scalar adjoints are written.
        adjoints.add(adj != null && adj.type().isArray() ? mapVar(adj, map) : adj);
      }
      return new Stmt.PullbackCall(
          c.callee(), c.args().stream().map(map).toList(), map.apply(c.seed()), adjoints, c.origin());
    }
    if (s instanceof Stmt.AddArray a) {
      return new Stmt.AddArray(mapVar(a.target(), map), mapVar(a.source(), map), a.origin());
    }
    if (s instanceof Stmt.Store st) {
      return new Stmt.Store(map.apply(st.array()), map.apply(st.index()), map.apply(st.value()), st.origin());
    }
    if (s instanceof Stmt.Push p) {
      return new Stmt.Push(map.apply(p.value()), p.origin());
    }
    return s;
  }

  private static Var mapVar(Var v, Function<Value, Value> map) {
    Value m = map.apply(v);
    return m instanceof Var var ? var : null;
  }

  public static Expr mapExpr(Expr e, Function<Value, Value> map) {
    List<Value> args = e.args().stream().map(map).toList();
    if (e instanceof Expr.Apply a) {
      return new Expr.Apply(a.op(), a.type(), args, a.strict());
    }
    Expr.Call c = (Expr.Call) e;
    return new Expr.Call(c.callee(), c.mode(), c.type(), args);
  }
}
