package io.github.chainrule.processor.emit;

import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where a generated method too large for the JIT is cut into helper methods
 * (outlining).
 *
 * <p>HotSpot never compiles a method of more than 8,000 bytes of bytecode: it runs interpreted,
 * tens of times slower. A body whose estimated size passes {@link #WHOLE_LIMIT} is therefore cut
 * into runs of consecutive statements of at most about {@link #PART_BUDGET} bytes each, every run
 * a helper method; a statement too large on its own (a loop or branch with a long body) has its
 * nested blocks cut the same way, so that it stays in its part with calls in place of its body.
 * The estimate counts what the writer emits (operations, operands, stores) at a few bytes each,
 * on the high side: {@code OutliningTest} reads the real sizes from the class files.
 *
 * <p>A temporary that the writer would write into the expression that uses it, where a cut falls
 * between the two, is written as a variable of its own instead (the writer's job). A loop's head
 * (the statements that compute its condition) is never cut.
 */
final class Outliner {
  /** Bodies estimated at most this large are written as one method (HotSpot's limit is 8,000). */
  static final int WHOLE_LIMIT = 7_500;

  /** The estimated size of one part. */
  static final int PART_BUDGET = 3_500;

  /** The estimated size of a call of a part, in the block that it replaces. */
  private static final int CALL = 8;

  /** The estimated size of a declaration (which may zero a variable). */
  private static final int DECLARATION = 8;

  /** Statements {@code [from, to)} of {@code block}, written as one helper method. */
  record Part(List<Stmt> block, int from, int to) {}

  private final Map<Var, Expr> inlined;
  private final Declarations declarations;

  /** How many variables the writer declares right before statement {@code k} of {@code block}. */
  interface Declarations {
    int before(List<Stmt> block, int k);
  }
  private final Map<List<Stmt>, List<Part>> parts = new IdentityHashMap<>();

  /** @param inlined the temporaries written into their use */
  Outliner(Map<Var, Expr> inlined, Declarations declarations) {
    this.inlined = inlined;
    this.declarations = declarations;
  }

  /**
   * Plans the parts of {@code body}, a method's whole body whose last statement is its return
   * (which stays in the method). Returns the parts of each block that is cut, none if the body is
   * small enough to stay whole.
   */
  Map<List<Stmt>, List<Part>> plan(List<Stmt> body, int backwardStart) {
    if (blockCost(body) <= WHOLE_LIMIT) {
      return Map.of();
    }
    int end = body.size();
    if (end > 0 && body.get(end - 1) instanceof Stmt.Return) {
      end--;
    }
    cut(body, end, backwardStart);
    return parts;
  }

  /**
   * Cuts statements {@code [0, end)} of {@code block} into parts, cutting nested blocks first; a
   * part begins at {@code start} where a cut may fall there (the backward sweep), -1 for none.
   */
  private void cut(List<Stmt> block, int end, int start) {
    int[] costs = new int[end];
    for (int k = 0; k < end; k++) {
      costs[k] = shrink(block.get(k)) + DECLARATION * declarations.before(block, k);
    }
    List<Part> out = new ArrayList<>();
    int from = 0;
    int size = 0;
    for (int k = 0; k < end; k++) {
      if (k > from && (size + costs[k] > PART_BUDGET || k == start)) {
        out.add(new Part(block, from, k));
        from = k;
        size = 0;
      }
      size += costs[k];
    }
    if (end > from) {
      out.add(new Part(block, from, end));
    }
    parts.put(block, out);
  }

  /** The statement's cost once its nested blocks too large for one part are cut. */
  private int shrink(Stmt s) {
    int cost = cost(s);
    if (cost <= PART_BUDGET) {
      return cost;
    }
    int shrunk = cost;
    List<List<Stmt>> nested = Stmts.blocks(s);
    for (int b = 0; b < nested.size(); b++) {
      List<Stmt> block = nested.get(b);
      boolean head = s instanceof Stmt.Loop && b == 0;
      int inner = blockCost(block);
      if (head || inner <= PART_BUDGET / 2 || block.isEmpty()) {
        continue;
      }
      cut(block, block.size(), -1);
      shrunk += parts.get(block).size() * CALL - inner;
    }
    return shrunk;
  }

  // ---- The estimate -----------------------------------------------------------------------------

  private int blockCost(List<Stmt> block) {
    int sum = 0;
    for (int k = 0; k < block.size(); k++) {
      sum += cost(block.get(k)) + DECLARATION * declarations.before(block, k);
    }
    return sum;
  }

  private int cost(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return inlined.containsKey(a.target()) ? 0 : 8 + expr(a.expr());
    }
    int own;
    if (s instanceof Stmt.If i) {
      own = 8 + value(i.cond());
    } else if (s instanceof Stmt.Loop l) {
      own = 12 + value(l.cond());
    } else if (s instanceof Stmt.Repeat r) {
      own = 16 + value(r.count());
    } else if (s instanceof Stmt.Store st) {
      own = 8 + value(st.array()) + value(st.index()) + value(st.value());
    } else if (s instanceof Stmt.Push p) {
      own = 12 + value(p.value());
    } else if (s instanceof Stmt.Return r) {
      own = 8 + value(r.value());
    } else if (s instanceof Stmt.PullbackCall c) {
      own = 32 + 6 * c.args().size() + value(c.seed()) + 24 * c.adjoints().size();
    } else {
      own = 16; // Pop, AddArray
    }
    for (List<Stmt> b : Stmts.blocks(s)) {
      own += blockCost(b);
    }
    return own;
  }

  private int expr(Expr e) {
    int sum = e instanceof Expr.Call ? 8 : 5;
    for (Value v : e.args()) {
      sum += value(v);
    }
    return sum;
  }

  private int value(Value v) {
    if (v instanceof Var var) {
      Expr in = inlined.get(var);
      return in == null ? 5 : expr(in);
    }
    return v instanceof Const ? 4 : 5;
  }
}
