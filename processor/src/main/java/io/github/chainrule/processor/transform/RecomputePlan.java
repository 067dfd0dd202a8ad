package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the backward sweep recomputes instead of saving on the tape: for each loop, the cheap
 * statements of its body whose operands it can have again (see {@link #plan}), and the integer
 * counters it restores by undoing their step. {@link AdjointPass} asks it while it writes the
 * sweeps.
 */
final class RecomputePlan {
  /**
   * What the backward sweep of a loop recomputes.
   *
   * @param carryStart index in the body of the first statement of its final run of carries
   *     (header variable = next value), which the reversed iteration undoes first
   * @param statements the body statements recomputed right after that, in forward order
   */
  record Remat(int carryStart, List<Stmt.Assign> statements, Map<Var, Stmt.Assign> inverted) {}

  /** Per loop: the statements its backward sweep recomputes instead of saving. */
  final Map<Stmt.Loop, Remat> remats = new IdentityHashMap<>();
  /** Variables recomputed in the backward sweep: never pushed or popped. */
  final Set<Var> recomputed = new HashSet<>();
  /** Carries of integer counters and the statement that undoes each. */
  final Map<Stmt.Assign, Stmt.Assign> inversions = new IdentityHashMap<>();

  private final Map<Var, Integer> defCount;
  private final Map<Var, List<Stmt>> home;

  /**
   * @param primal the method's body
   * @param defCount how many statements assign each variable
   * @param home for each variable, the innermost block holding all its definitions and uses
   */
  RecomputePlan(List<Stmt> primal, Map<Var, Integer> defCount, Map<Var, List<Stmt>> home) {
    this.defCount = defCount;
    this.home = home;
    findRoots(primal);
    findWrittenAround(primal, Set.of());
    plan(primal);
  }


  /**
   * Decides, for every loop, which of its body's values the backward sweep recomputes instead of
   * pushing and popping them: cheap operations (arithmetic, comparisons, casts, loads from arrays
   * the method never writes, {@code abs min max ...}) whose operands are constants, values the loop
   * never assigns, the loop's header variables (which the reversed iteration restores first) or
   * other recomputed values. A loop counter and the loads of a parameter array cost nothing to
   * save this way, which is what keeps the pullback of a loop close to hand-written code.
   */
  private void plan(List<Stmt> block) {
    if (readOnly.isEmpty()) {
      findReadOnly(block);
    }
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l) {
        remats.put(l, remat(l));
      }
      for (List<Stmt> nested : Stmts.blocks(s)) {
        plan(nested);
      }
    }
  }

  /**
   * Arrays the method never writes: parameters (the front end rejects writes to them and their
   * aliases), constant data, and their rows and copies of references. Loads from them can be
   * repeated in the backward sweep.
   */
  private final Set<Var> readOnly = new HashSet<>();

  private void findReadOnly(List<Stmt> body) {
    Map<Var, List<Stmt.Assign>> defs = new HashMap<>();
    Set<Var> written = new HashSet<>();
    Stmts.forEach(body, s -> {
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        defs.computeIfAbsent(a.target(), k -> new ArrayList<>()).add(a);
      }
      if (s instanceof Stmt.Store st && st.array() instanceof Var v) {
        written.add(v);
      }
    });
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<Var, List<Stmt.Assign>> e : defs.entrySet()) {
        if (readOnly.contains(e.getKey()) || written.contains(e.getKey())) {
          continue;
        }
        boolean all = true;
        for (Stmt.Assign a : e.getValue()) {
          all &= a.expr() instanceof Expr.Apply ap
              && (ap.op() == Op.LOAD || ap.op() == Op.COPY)
              && isReadOnly(ap.args().get(0));
        }
        if (all) {
          readOnly.add(e.getKey());
          changed = true;
        }
      }
    }
  }

  // ---- Arrays not written between a load and its reverse ----------------------------------------

  /**
   * For each array variable, the memory it may point to: the allocations (a parameter, or the
   * assignment that made a new array or a copy) whose elements a store through it writes. A row of
   * a matrix is the matrix's memory. Variables the analysis cannot follow have none and count as
   * written everywhere.
   */
  private final Map<Var, Set<Object>> roots = new HashMap<>();

  /** For each loop, the memory written in it, in the loops around it, or after it. */
  private final Map<Stmt.Loop, Set<Object>> writtenAround = new IdentityHashMap<>();

  private static final Object ANY = new Object();

  private void findRoots(List<Stmt> body) {
    List<Stmt.Assign> defs = new ArrayList<>();
    Stmts.forEach(body, s -> {
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        defs.add(a);
      }
    });
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt.Assign a : defs) {
        Set<Object> r = roots.computeIfAbsent(a.target(), k -> new HashSet<>());
        int before = r.size();
        if (a.expr() instanceof Expr.Apply ap && (ap.op() == Op.COPY || ap.op() == Op.LOAD)) {
          r.addAll(rootsOf(ap.args().get(0)));
        } else if (a.expr() instanceof Expr.Apply ap && ap.op() == Op.SELECT) {
          r.addAll(rootsOf(ap.args().get(1)));
          r.addAll(rootsOf(ap.args().get(2)));
        } else if (a.expr() instanceof Expr.Apply ap
            && (ap.op() == Op.NEW_ARRAY || ap.op() == Op.NEW_MATRIX || ap.op() == Op.CLONE || ap.op() == Op.SNAPSHOT)) {
          r.add(a);
        } else {
          r.add(ANY);
        }
        changed |= r.size() != before;
      }
    }
  }

  private Set<Object> rootsOf(Value array) {
    if (array instanceof Var v) {
      if (v.role() == Var.Role.PARAM) {
        return Set.of(v);
      }
      Set<Object> r = roots.get(v);
      return r == null ? Set.of(ANY) : r;
    }
    return Set.of();
  }

  /** The memory the statements of {@code block} (nested ones included) write. */
  private Set<Object> writes(List<Stmt> block) {
    Set<Object> out = new HashSet<>();
    Stmts.forEach(block, s -> {
      if (s instanceof Stmt.Store st) {
        out.addAll(st.array() instanceof Var ? rootsOf(st.array()) : Set.of(ANY));
      }
    });
    return out;
  }

  /**
   * Records, for each loop in {@code block}, the memory written in the loop, after it, or in
   * {@code outside} (what is written after the block or in a loop around it).
   */
  private void findWrittenAround(List<Stmt> block, Set<Object> outside) {
    List<Set<Object>> suffix = new ArrayList<>();
    Set<Object> running = new HashSet<>(outside);
    for (int k = block.size() - 1; k >= 0; k--) {
      running.addAll(writes(List.of(block.get(k))));
      suffix.add(0, new HashSet<>(running));
    }
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      Set<Object> after = k + 1 < block.size() ? suffix.get(k + 1) : outside;
      if (s instanceof Stmt.Loop l) {
        writtenAround.put(l, suffix.get(k));
        for (List<Stmt> nested : Stmts.blocks(s)) {
          findWrittenAround(nested, suffix.get(k));
        }
      } else {
        for (List<Stmt> nested : Stmts.blocks(s)) {
          findWrittenAround(nested, after);
        }
      }
    }
  }

  /**
   * Whether nothing writes the memory of {@code array} from the start of {@code loop} on: then a
   * load from it in the loop reads, in the backward sweep, what it read in the forward sweep, and
   * is recomputed instead of saved (an activation array filled by an earlier loop, read by a
   * later one).
   */
  private boolean unwrittenAround(Value array, Stmt.Loop loop) {
    Set<Object> written = writtenAround.get(loop);
    if (written == null || written.contains(ANY)) {
      return false;
    }
    Set<Object> r = rootsOf(array);
    if (r.contains(ANY)) {
      return false;
    }
    for (Object o : r) {
      if (written.contains(o)) {
        return false;
      }
    }
    return true;
  }

  boolean isReadOnly(Value array) {
    return array instanceof Const || (array instanceof Var v && (v.role() == Var.Role.PARAM || readOnly.contains(v)));
  }

  private Remat remat(Stmt.Loop l) {
    List<Stmt> body = l.body();
    int carryStart = body.size();
    while (carryStart > 0
        && body.get(carryStart - 1) instanceof Stmt.Assign a
        && a.expr() instanceof Expr.Apply ap
        && ap.op() == Op.COPY
        && home.get(a.target()) != body) {
      carryStart--;
    }
    Set<Var> assigned = new HashSet<>();
    Stmts.forEach(List.of(l), st -> assigned.addAll(Stmts.writes(st)));
    Set<Var> available = new HashSet<>();
    for (int k = carryStart; k < body.size(); k++) {
      available.add(((Stmt.Assign) body.get(k)).target());
    }
    List<Stmt.Assign> out = new ArrayList<>();
    for (int k = 0; k < carryStart; k++) {
      if (!(body.get(k) instanceof Stmt.Assign a) || !(a.expr() instanceof Expr.Apply ap)) {
        continue;
      }
      Var v = a.target();
      if (defCount.getOrDefault(v, 0) != 1 || !cheap(ap, l)) {
        continue;
      }
      boolean ok = true;
      for (Value arg : ap.args()) {
        if (arg instanceof Var x && assigned.contains(x) && !available.contains(x)) {
          ok = false;
        }
      }
      if (ok) {
        out.add(a);
        available.add(v);
        recomputed.add(v);
      }
    }
    // An integer header variable stepped by a loop-invariant amount (i = i + 1) is restored by
    // the opposite step instead of the tape: counted loops then save nothing at all.
    Map<Var, Stmt.Assign> inverted = new HashMap<>();
    for (int k = carryStart; k < body.size(); k++) {
      Stmt.Assign carry = (Stmt.Assign) body.get(k);
      Var h = carry.target();
      if ((h.type() != Type.INT && h.type() != Type.LONG) || !(((Expr.Apply) carry.expr()).args().get(0) instanceof Var next)) {
        continue;
      }
      for (int j = 0; j < carryStart; j++) {
        if (body.get(j) instanceof Stmt.Assign step
            && step.target() == next
            && defCount.getOrDefault(next, 0) == 1
            && step.expr() instanceof Expr.Apply ap
            && (ap.op() == Op.ADD || ap.op() == Op.SUB)
            && ap.type() == h.type()
            && ap.args().get(0) == h
            && !(ap.args().get(1) instanceof Var d && assigned.contains(d))) {
          Op undo = ap.op() == Op.ADD ? Op.SUB : Op.ADD;
          Stmt.Assign inverse =
              new Stmt.Assign(h, new Expr.Apply(undo, h.type(), List.of(h, ap.args().get(1)), false), carry.origin());
          inverted.put(h, inverse);
          inversions.put(carry, inverse);
        }
      }
    }
    return new Remat(carryStart, out, inverted);
  }

  private boolean cheap(Expr.Apply e, Stmt.Loop loop) {
    switch (e.op().kind()) {
      case ARITHMETIC:
      case COMPARISON:
      case LOGIC:
        return true;
      case CONVERSION:
        return true;
      case ARRAY:
        if (e.op() == Op.LENGTH) {
          return true;
        }
        if (e.op() == Op.LOAD) {
          return isReadOnly(e.args().get(0)) || unwrittenAround(e.args().get(0), loop);
        }
        return false;
      case MATH:
        switch (e.op()) {
          case ABS:
          case MAX:
          case MIN:
          case SIGNUM:
          case FLOOR:
          case CEIL:
          case RINT:
          case COPY_SIGN:
          case FMA:
            return true;
          default:
            return false;
        }
      default:
        return false;
    }
  }
}
