package io.github.chainrule.processor.transform;

import io.github.chainrule.processor.ir.Builder;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import io.github.chainrule.processor.rules.DerivativeRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: turns {@code f(x, y)} into its pullback, a program that runs {@code f} forward and
 * then, from {@code resultAdj = seed}, applies the chain rule node by node in reverse: each node
 * {@code v = op(a_1..a_n)} adds {@code vAdj * dop/da_i} to {@code a_iAdj}. A variable used in many
 * places receives the sum of their contributions (shared weights).
 *
 * <ul>
 *   <li>Outside loops the input is in dynamic single assignment form (the front end builds it so):
 *       every value the backward sweep reads is still there. A branch is reversed as a branch on
 *       the same, still available, condition.
 *   <li>A loop counts its iterations; its backward sweep runs the reversed body that many times.
 *       Inside loops, the forward sweep pushes each variable's old value on the tape before an
 *       assignment overwrites it, and the backward sweep pops it back after reversing that
 *       assignment, so every reversed statement sees the values it saw going forward (Tapenade's
 *       store-all strategy). Only variables the backward sweep actually reads are saved (to-be-
 *       recorded analysis): the others' pushes and pops are removed at the end.
 *   <li>Arrays are memory: each active array has a shadow array of adjoints, made in the forward
 *       sweep where the array is made (a row's shadow is the shadow's row), so aliases share
 *       adjoints. Reading {@code a[i]} adds to {@code aAdj[i]}; writing {@code a[i] = v} moves
 *       {@code aAdj[i]} into {@code vAdj} and clears it.
 *   <li>A call of another {@code @Differentiable} method is reversed through its generated
 *       pullback, which recomputes the callee's forward sweep (Tapenade's joint mode).
 * </ul>
 */
public final class AdjointPass {

  /**
   * The result of the pass.
   *
   * @param function the pullback: the original parameters, then the seed; returns the value
   * @param seed the seed parameter, the adjoint of the result
   * @param adjoints for each original parameter, the variable holding its adjoint at the end (for
   *     an array parameter: the shadow array parameter the adjoints are accumulated into), or null
   *     where the parameter is not differentiable (or, for scalars, the result does not depend on
   *     it)
   * @param forwardLength how many statements at the start of the body are the forward sweep
   * @param usesTape whether the program pushes and pops, calls other pullbacks, or borrows local
   *     arrays from the tape
   */
  public record Pullback(Function function, Var seed, List<Var> adjoints, int forwardLength, boolean usesTape) {}

  /**
   * Operations whose partials are unbounded at some finite argument (a division by 0, sqrt or log
   * at 0, asin at 1, pow): there the partial is infinite, and an adjoint that is zero because
   * nothing on the path taken reached the node (a branch not taken, an array element never read)
   * would give 0 · ∞ = NaN where the derivative is 0.
   */
  private static final Set<Op> UNBOUNDED =
      java.util.EnumSet.of(Op.DIV, Op.SQRT, Op.CBRT, Op.LOG, Op.LOG10, Op.LOG1P, Op.POW, Op.ASIN, Op.ACOS);

  private final VarFactory vars;
  private final Activity activity;

  private final Map<Var, Var> adjoints = new HashMap<>();
  private final Map<Var, Var> primalOf = new HashMap<>();
  private final Set<Var> initialized = new HashSet<>();
  /** For each variable, the innermost block that holds all its definitions: its adjoint lives there. */
  private final Map<Var, List<Stmt>> home = new IdentityHashMap<>();
  /** The enclosing blocks of every block, outermost first, the block itself last. */
  private final Map<List<Stmt>, List<List<Stmt>>> paths = new IdentityHashMap<>();
  /** The enclosing primal blocks of the statement being reversed, innermost last. */
  private final List<List<Stmt>> path = new ArrayList<>();
  /** Adjoints first reached below their home block: zeroed in the home block, keyed by it. */
  private final Map<List<Stmt>, Set<Var>> pendingZero = new IdentityHashMap<>();
  /** The iteration counter of each loop. */
  private final Map<Stmt.Loop, Var> counters = new IdentityHashMap<>();
  /** Calls whose array arguments were copied at the call: the arguments the pullback reads. */
  private final Map<Stmt.Assign, List<Value>> snapshots = new IdentityHashMap<>();
  private final Map<Stmt.Assign, List<Var>> snapshotVars = new IdentityHashMap<>();
  /** What the backward sweep recomputes instead of saving. */
  private RecomputePlan recompute;
  private final Map<Var, Integer> defCount = new HashMap<>();
  private int loopDepth;
  private boolean calls;

  private AdjointPass(VarFactory vars, Activity activity) {
    this.vars = vars;
    this.activity = activity;
  }

  public static Pullback transform(Function f, VarFactory vars) {
    return transform(f, vars, List.of(), new HashMap<>());
  }

  /**
   * The pullback of {@code f} that also keeps, at its end, the adjoint of each variable of {@code
   * nodes} that the result depends on (for the run-time graph, which shows every node's adjoint):
   * {@code adjointsOut} receives them, by variable.
   */
  public static Pullback transformKeeping(Function f, VarFactory vars, Collection<Var> nodes, Map<Var, Var> adjointsOut) {
    return transform(f, vars, nodes, adjointsOut);
  }

  private static Pullback transform(Function f, VarFactory vars, Collection<Var> keep, Map<Var, Var> adjointsOut) {
    AdjointPass pass = new AdjointPass(vars, Activity.of(f));
    List<Stmt> primal = f.body();
    Stmt last = primal.get(primal.size() - 1);
    if (!(last instanceof Stmt.Return ret)) {
      throw new IllegalArgumentException("the body must end in its return");
    }
    List<Stmt> statements = primal.subList(0, primal.size() - 1);
    pass.findHomes(primal, new ArrayList<>(List.of(primal)));

    // Shadow arrays of the differentiable array parameters are parameters of the pullback.
    List<Function.Param> params = new ArrayList<>(f.params());
    Var seed = vars.create("seed", f.returnType(), Var.Role.EXTRA_PARAM);
    params.add(new Function.Param(seed, false));
    for (Function.Param p : f.params()) {
      if (p.differentiable() && p.var().type().isArray() && p.var().type().isDifferentiable()) {
        Var shadow = vars.create(p.var().hint() + "Adj", p.var().type(), Var.Role.EXTRA_PARAM);
        pass.adjoints.put(p.var(), shadow);
        params.add(new Function.Param(shadow, false));
      }
    }

    Stmts.forEach(primal, st -> Stmts.writes(st).forEach(v -> pass.defCount.merge(v, 1, Integer::sum)));
    pass.recompute = new RecomputePlan(primal, pass.defCount, pass.home);
    List<Stmt> forward = new ArrayList<>();
    pass.forward(statements, new Builder(vars, forward));

    List<Stmt> backward = new ArrayList<>();
    Builder b = new Builder(vars, backward);
    b.at(ret.origin());
    if (pass.activity.isActive(ret.value())) {
      Var resultAdj = pass.adjoint((Var) ret.value());
      b.assign(resultAdj, seed);
      pass.initialized.add(resultAdj);
    }
    pass.path.add(primal);
    pass.reverse(statements, b);

    // To-be-recorded analysis: keep the saves of variables the backward sweep reads (once the
    // recomputations nothing reads are gone).
    List<Var> outputs = new ArrayList<>();
    for (Function.Param p : f.params()) {
      Var adj = pass.adjoints.get(p.var());
      if (adj != null && !adj.type().isArray()) {
        outputs.add(adj);
      }
    }
    for (Var v : keep) {
      Var adj = pass.adjoints.get(v);
      if (adj != null && !adj.type().isArray() && pass.initialized.contains(adj)) {
        outputs.add(adj);
        adjointsOut.put(v, adj);
      }
    }
    backward = Simplify.liveStatements(backward, outputs, null);
    Set<Var> read = new HashSet<>();
    Stmts.forEach(backward, s -> {
      for (Value v : Stmts.reads(s)) {
        if (v instanceof Var var) {
          read.add(var);
        }
      }
    });
    forward = keepRecorded(forward, read);
    backward = keepRecorded(backward, read);

    List<Var> paramAdjoints = new ArrayList<>();
    List<Var> roots = new ArrayList<>();
    for (Function.Param p : f.params()) {
      Var adj = pass.adjoints.get(p.var());
      if (p.differentiable() && adj != null && (p.var().type().isArray() || pass.initialized.contains(adj))) {
        paramAdjoints.add(adj);
        if (!adj.type().isArray()) {
          roots.add(adj);
        }
      } else {
        paramAdjoints.add(null);
      }
    }
    for (Var adj : adjointsOut.values()) {
      if (!roots.contains(adj)) {
        roots.add(adj);
      }
    }
    // Copies made by the backward sweep (of the seed, through copies and joins) go, then the
    // code nothing reads, in both sweeps.
    backward = Simplify.peephole(Simplify.propagateCopies(backward, roots));
    backward = new ArrayList<>(Simplify.propagateCopies(backward, roots));
    backward.add(ret);
    List<List<Stmt>> sweeps = Simplify.liveSweeps(List.of(forward, backward), roots);
    List<Stmt> live = new ArrayList<>(sweeps.get(0));
    int keptForward = live.size();
    live.addAll(sweeps.get(1));
    boolean[] tape = new boolean[] {pass.calls};
    Stmts.forEach(
        live,
        s -> tape[0] |=
            s instanceof Stmt.Push
                || s instanceof Stmt.PullbackCall
                || (s instanceof Stmt.Assign a
                    && a.expr() instanceof Expr.Apply ap
                    && ap.op() == Op.NEW_ARRAY
                    && ap.type() == Type.DOUBLE_ARRAY));
    Function out = new Function(f.name(), params, f.returnType(), live);
    return new Pullback(out, seed, paramAdjoints, keptForward, tape[0]);
  }

  private Var adjoint(Var v) {
    return adjoints.computeIfAbsent(
        v,
        k -> {
          Var adj =
              vars.create(
                  k.hint() + "Adj", k.type(), k.role() == Var.Role.TEMP ? Var.Role.TEMP : Var.Role.ADJOINT);
          primalOf.put(adj, k);
          return adj;
        });
  }

  // ---- Homes of variables -----------------------------------------------------------------------

  /** Records, for each variable, the innermost block holding all its definitions and uses. */
  private void findHomes(List<Stmt> block, List<List<Stmt>> blocks) {
    paths.put(block, new ArrayList<>(blocks));
    for (Stmt s : block) {
      // Where a variable is assigned and where it is read: a value can leave a loop without a
      // header variable (the result of a return inside the loop).
      List<Var> seen = new ArrayList<>(Stmts.writes(s));
      for (Value v : Stmts.reads(s)) {
        if (v instanceof Var var && home.containsKey(var)) {
          seen.add(var);
        }
      }
      for (Var v : seen) {
        List<Stmt> previous = home.get(v);
        home.put(v, previous == null ? block : commonBlock(previous, block));
      }
      for (List<Stmt> nested : Stmts.blocks(s)) {
        blocks.add(nested);
        findHomes(nested, blocks);
        blocks.remove(blocks.size() - 1);
      }
    }
  }

  private List<Stmt> commonBlock(List<Stmt> a, List<Stmt> b) {
    List<List<Stmt>> pa = paths.get(a);
    List<List<Stmt>> pb = paths.get(b);
    List<Stmt> common = pb.get(0);
    for (int i = 0; i < Math.min(pa.size(), pb.size()) && pa.get(i) == pb.get(i); i++) {
      common = pa.get(i);
    }
    return common;
  }

  // ---- Forward sweep ----------------------------------------------------------------------------

  /** The primal, plus shadow arrays, loop counters and (inside loops) saves before overwrites. */
  private void forward(List<Stmt> block, Builder b) {
    for (Stmt s : block) {
      b.at(s.origin());
      if (s instanceof Stmt.Assign a) {
        snapshot(a, b);
        List<Stmt> shadows = shadowOf(a);
        if (loopDepth > 0 && !recompute.recomputed.contains(a.target()) && !recompute.inversions.containsKey(a)) {
          b.add(new Stmt.Push(a.target(), a.origin()));
          for (Stmt sh : shadows) {
            b.add(new Stmt.Push(((Stmt.Assign) sh).target(), a.origin()));
          }
        }
        b.add(a);
        for (Stmt sh : shadows) {
          b.add(sh);
        }
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = new ArrayList<>();
        List<Stmt> otherwise = new ArrayList<>();
        List<Stmt> outer = b.redirect(then);
        forward(i.then(), b);
        b.redirect(otherwise);
        forward(i.otherwise(), b);
        b.redirect(outer);
        b.add(new Stmt.If(i.cond(), then, otherwise, i.origin()));
      } else if (s instanceof Stmt.Loop l) {
        Var counter = vars.create("iterations", Type.INT, Var.Role.LOCAL);
        counters.put(l, counter);
        if (loopDepth > 0) {
          b.add(new Stmt.Push(counter, l.origin()));
        }
        b.assign(counter, Const.of(Type.INT, 0));
        loopDepth++;
        List<Stmt> head = new ArrayList<>();
        List<Stmt> body = new ArrayList<>();
        List<Stmt> outer = b.redirect(head);
        forward(l.head(), b);
        b.redirect(body);
        forward(l.body(), b);
        b.assign(counter, new Expr.Apply(Op.ADD, Type.INT, List.of(counter, Const.of(Type.INT, 1)), false));
        b.redirect(outer);
        loopDepth--;
        b.add(new Stmt.Loop(head, l.cond(), body, l.origin()));
      } else {
        b.add(s); // stores: memory, nothing to save (the backward sweep reads loaded values)
      }
    }
  }

  /**
   * A callee's pullback recomputes its forward sweep from its arguments; an array the method may
   * change after the call is copied at the call, and the pullback reads the copy.
   */
  private void snapshot(Stmt.Assign a, Builder b) {
    if (!(a.expr() instanceof Expr.Call call) || !call.callee().isDifferentiable() || !activity.isActive(a.target())) {
      return;
    }
    List<Value> args = new ArrayList<>(call.args());
    List<Var> copies = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) instanceof Var v && v.type().isArray() && !recompute.isReadOnly(v)) {
        Var copy = vars.create(v.hint() + "AtCall", v.type(), Var.Role.LOCAL);
        if (loopDepth > 0) {
          b.add(new Stmt.Push(copy, a.origin()));
        }
        b.assign(copy, new Expr.Apply(Op.SNAPSHOT, v.type(), List.of(v), false));
        args.set(i, copy);
        copies.add(copy);
      }
    }
    if (!copies.isEmpty()) {
      snapshots.put(a, args);
      snapshotVars.put(a, copies);
    }
  }

  /** The shadow-array assignments that go with an array assignment, for active arrays. */
  private List<Stmt> shadowOf(Stmt.Assign a) {
    Var target = a.target();
    if (!target.type().isArray() || !activity.isActive(target) || !(a.expr() instanceof Expr.Apply e)) {
      return List.of();
    }
    Var shadow = adjoint(target);
    List<Value> args = e.args();
    Expr expr;
    switch (e.op()) {
      case NEW_ARRAY:
      case NEW_MATRIX:
        expr = e;
        break;
      case COPY:
      case LOAD:
        {
          List<Value> shadowArgs = new ArrayList<>(args);
          shadowArgs.set(0, shadowOrNull(args.get(0)));
          expr = new Expr.Apply(e.op(), e.type(), shadowArgs, false);
          break;
        }
      case CLONE:
        if (target.type().element().isArray()) {
          expr = new Expr.Apply(Op.CLONE, e.type(), List.of(shadowOrNull(args.get(0))), false);
        } else {
          List<Stmt> out = new ArrayList<>();
          Var length = vars.create("n", Type.INT, Var.Role.TEMP);
          out.add(new Stmt.Assign(length, new Expr.Apply(Op.LENGTH, Type.INT, List.of(args.get(0)), false), a.origin()));
          out.add(new Stmt.Assign(shadow, new Expr.Apply(Op.NEW_ARRAY, e.type(), List.of(length), false), a.origin()));
          return out;
        }
        break;
      default:
        throw new IllegalStateException("no shadow for an array from " + e.op());
    }
    return List.of(new Stmt.Assign(shadow, expr, a.origin()));
  }

  private Value shadowOrNull(Value array) {
    if (array instanceof Var v && activity.isActive(v)) {
      return adjoint(v);
    }
    return Const.nullOf(array.type());
  }

  // ---- Backward sweep ---------------------------------------------------------------------------

  /** Makes sure {@code v}'s adjoint holds a value before {@code +=}; true if it did already. */
  private boolean ensureStarted(Var v) {
    Var adj = adjoint(v);
    if (initialized.contains(adj)) {
      return true;
    }
    initialized.add(adj);
    List<Stmt> h = home.getOrDefault(v, path.get(0)); // parameters live in the body
    if (h == path.get(path.size() - 1)) {
      return false; // first reached in its own block: the first contribution declares it
    }
    pendingZero.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(adj);
    return true;
  }

  /** Adds {@code contribution} to {@code target}'s adjoint. */
  private void contribute(Var target, Value contribution, Builder b) {
    Var adj = adjoint(target);
    if (ensureStarted(target)) {
      b.accumulate(adj, contribution);
    } else {
      b.assign(adj, contribution);
    }
  }

  private List<Stmt> reversed(List<Stmt> primalBlock, Builder b) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> outer = b.redirect(out);
    path.add(primalBlock);
    reverse(primalBlock, b);
    path.remove(path.size() - 1);
    b.redirect(outer);
    return out;
  }

  private void flushZeros(List<Stmt> here, Builder b) {
    Set<Var> zeros = pendingZero.remove(here);
    if (zeros != null) {
      for (Var adj : zeros) {
        b.assign(adj, Builder.constant(0, adj.type()));
      }
    }
  }

  private void reverse(List<Stmt> block, Builder b) {
    List<Stmt> here = path.get(path.size() - 1);
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      b.at(s.origin());
      if (s instanceof Stmt.Assign a) {
        reverseAssign(a, b, here);
      } else if (s instanceof Stmt.Store st) {
        reverseStore(st, b);
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = reversed(i.then(), b);
        List<Stmt> otherwise = reversed(i.otherwise(), b);
        b.at(s.origin());
        flushZeros(here, b);
        if (!then.isEmpty() || !otherwise.isEmpty()) {
          b.add(new Stmt.If(i.cond(), then, otherwise, i.origin()));
        }
      } else if (s instanceof Stmt.Loop l) {
        reverseLoop(l, b, here);
      } else {
        throw new IllegalStateException("adjoint of " + s.getClass().getSimpleName() + " is not supported");
      }
    }
  }

  /**
   * A loop exits at its test, so its head ran once more than its body: the backward sweep undoes
   * that last head, then {@code iterations} times the body and the head.
   */
  private void reverseLoop(Stmt.Loop l, Builder b, List<Stmt> here) {
    Var counter = counters.get(l);
    Set<List<Stmt>> inside = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    inside.add(l.head());
    inside.add(l.body());
    Stmts.forEach(List.of(l), s -> inside.addAll(Stmts.blocks(s)));
    // An adjoint that a later statement of the body starts (the header variable of a value
    // carried to the next iteration) must be live from the first reversed iteration on: reverse
    // the loop again until no adjoint homed outside it starts inside it.
    List<Stmt> lastHead;
    List<Stmt> iteration;
    while (true) {
      Set<Var> start = new HashSet<>(initialized);
      loopDepth++;
      lastHead = reversed(l.head(), b);
      // Adjoints homed in the head start again in the reversed iterations.
      initialized.removeIf(adj -> homedIn(adj, inside));
      iteration = reversedIteration(l, b);
      loopDepth--;
      initialized.removeIf(adj -> homedIn(adj, inside));
      boolean discovered = false;
      for (Var adj : initialized) {
        discovered |= !start.contains(adj);
      }
      if (!discovered) {
        break;
      }
    }
    b.at(l.origin());
    flushZeros(here, b);
    for (Stmt s : lastHead) {
      b.add(s);
    }
    if (!iteration.isEmpty()) {
      b.add(new Stmt.Repeat(counter, iteration, l.origin()));
    }
    if (loopDepth > 0) {
      b.add(new Stmt.Pop(counter, l.origin()));
    }
  }

  private boolean homedIn(Var adjoint, Set<List<Stmt>> blocks) {
    Var primal = primalOf.get(adjoint);
    return primal != null && blocks.contains(home.get(primal));
  }

  /** One reversed iteration: the body, then the head. */
  private List<Stmt> reversedIteration(Stmt.Loop l, Builder b) {
    RecomputePlan.Remat remat = recompute.remats.get(l);
    List<Stmt> iteration = new ArrayList<>();
    List<Stmt> outer = b.redirect(iteration);
    path.add(l.body());
    // Undo the carries first: header variables get this iteration's values back...
    reverse(l.body().subList(remat.carryStart(), l.body().size()), b);
    // ...then recompute what was not saved, from them, invariants and read-only arrays, into
    // variables of the backward sweep's own (so the forward sweep stays as written)...
    Map<Var, Value> fresh = new HashMap<>();
    for (Stmt.Assign a : remat.statements()) {
      List<Stmt.Assign> all = new ArrayList<>();
      all.add(a);
      for (Stmt sh : shadowOf(a)) {
        all.add((Stmt.Assign) sh);
      }
      for (Stmt.Assign r : all) {
        Var copy = vars.create(r.target().hint(), r.target().type(), r.target().role());
        b.add(new Stmt.Assign(copy, Stmts.mapExpr(r.expr(), v -> fresh.getOrDefault(v, v)), r.origin()));
        fresh.put(r.target(), copy);
      }
    }
    // ...then the rest of the iteration.
    List<Stmt> rest = new ArrayList<>();
    b.redirect(rest);
    reverse(l.body().subList(0, remat.carryStart()), b);
    path.remove(path.size() - 1);
    b.redirect(outer);
    iteration.addAll(renameReads(rest, fresh));
    iteration.addAll(reversed(l.head(), b));
    return iteration;
  }

  private void reverseStore(Stmt.Store st, Builder b) {
    if (!(st.array() instanceof Var array) || !activity.isActive(array)) {
      return;
    }
    Var shadow = adjoint(array);
    Type element = array.type().element();
    // a[i] = v:  vAdj += aAdj[i]; aAdj[i] = 0
    if (activity.isActive(st.value())) {
      Value adj = b.apply(Op.LOAD, element, shadow, st.index());
      contribute((Var) st.value(), adj, b);
    }
    b.add(new Stmt.Store(shadow, st.index(), Builder.constant(0, element), st.origin()));
  }

  private void reverseAssign(Stmt.Assign a, Builder b, List<Stmt> here) {
    Var target = a.target();
    adjointOf(a, b);
    if (loopDepth > 0) {
      // The variable is assigned again by an earlier iteration: its adjoint starts over.
      Var adj = adjoints.get(target);
      if (adj != null
          && !target.type().isArray()
          && initialized.contains(adj)
          && home.get(target) != here) {
        b.assign(adj, Builder.constant(0, adj.type()));
      }
      Stmt.Assign undo = recompute.inversions.get(a);
      if (undo != null) {
        b.add(undo);
      } else if (!recompute.recomputed.contains(target)) {
        List<Stmt> shadows = shadowOf(a);
        for (int i = shadows.size() - 1; i >= 0; i--) {
          b.add(new Stmt.Pop(((Stmt.Assign) shadows.get(i)).target(), a.origin()));
        }
        b.add(new Stmt.Pop(target, a.origin()));
      }
      List<Var> copies = snapshotVars.getOrDefault(a, List.of());
      for (int i = copies.size() - 1; i >= 0; i--) {
        b.add(new Stmt.Pop(copies.get(i), a.origin()));
      }
    }
  }

  private void adjointOf(Stmt.Assign a, Builder b) {
    Var target = a.target();
    if (!activity.isActive(target) || !activity.carriesDerivative(a.expr())) {
      return;
    }
    if (target.type().isArray()) {
      // A 1-D clone copies values: its adjoints flow back element by element.
      if (a.expr() instanceof Expr.Apply e
          && e.op() == Op.CLONE
          && !target.type().element().isArray()
          && activity.isActive(e.args().get(0))) {
        b.add(new Stmt.AddArray(adjoint((Var) e.args().get(0)), adjoint(target), a.origin()));
      }
      return; // other array assignments alias: their shadows share adjoints
    }
    Var targetAdj = adjoint(target);
    if (!initialized.contains(targetAdj)) {
      return; // nothing flows back into this node
    }
    if (a.expr() instanceof Expr.Call call) {
      calls = true;
      List<Var> argAdjoints = new ArrayList<>();
      boolean any = false;
      for (int i = 0; i < call.args().size(); i++) {
        Value arg = call.args().get(i);
        if (call.callee().differentiable().get(i) && activity.isActive(arg)) {
          Var adj = adjoint((Var) arg);
          if (!arg.type().isArray() && !ensureStarted((Var) arg)) {
            b.assign(adj, Builder.constant(0, adj.type()));
          }
          argAdjoints.add(adj);
          any = true;
        } else {
          argAdjoints.add(null);
        }
      }
      if (any) {
        List<Value> args = snapshots.getOrDefault(a, call.args());
        b.add(new Stmt.PullbackCall(call.callee(), args, targetAdj, argAdjoints, a.origin()));
      }
      return;
    }
    Expr.Apply node = (Expr.Apply) a.expr();
    if (node.op() == Op.LOAD) {
      // v = a[i]:  aAdj[i] += vAdj
      Var array = (Var) node.args().get(0);
      Var shadow = adjoint(array);
      Value index = node.args().get(1);
      Value old = b.apply(Op.LOAD, target.type(), shadow, index);
      b.add(new Stmt.Store(shadow, index, b.add(old, targetAdj), a.origin()));
      return;
    }
    if (UNBOUNDED.contains(node.op())) {
      guarded(a, node, targetAdj, b);
      return;
    }
    contributions(node, target, targetAdj, b);
  }

  /**
   * The contributions of a node with unbounded partials, skipped where its adjoint is zero: a
   * node that nothing reached contributes nothing, even where its partial is infinite. The
   * partials are computed inside the guard, so the skipped path costs one comparison.
   */
  private void guarded(Stmt.Assign a, Expr.Apply node, Var targetAdj, Builder b) {
    // Adjoints the node would declare by its first contribution are declared before the guard.
    for (Value arg : node.args()) {
      if (arg instanceof Var v && activity.isActive(v) && !v.type().isArray() && !ensureStarted(v)) {
        b.assign(adjoint(v), Builder.constant(0, adjoint(v).type()));
      }
    }
    List<Stmt> then = new ArrayList<>();
    Value reached = b.compare(Op.NE, targetAdj, Builder.constant(0, targetAdj.type()));
    List<Stmt> outer = b.redirect(then);
    contributions(node, a.target(), targetAdj, b);
    b.redirect(outer);
    if (!then.isEmpty()) {
      b.add(new Stmt.If(reached, then, List.of(), a.origin()));
    }
  }

  private void contributions(Expr.Apply node, Var target, Var targetAdj, Builder b) {
    Value[] partials = DerivativeRules.partials(b, node, target);
    if (partials.length == 2
        && node.args().get(0) instanceof Var same
        && node.args().get(1) == same
        && partials[0] != null
        && partials[0].equals(partials[1])
        && activity.isActive(same)
        && !Builder.isZero(partials[0])) {
      // The same operand twice with the same partial (x * x, x + x): one contribution of twice
      // the term, instead of two additions of it.
      Value term = Builder.isMinusOneConst(partials[0]) ? b.neg(targetAdj) : b.scale(targetAdj, partials[0]);
      contribute(same, b.mul(Builder.constant(2, term.type()), term), b);
      return;
    }
    for (int i = 0; i < partials.length; i++) {
      Value arg = node.args().get(i);
      if (partials[i] == null || !activity.isActive(arg) || Builder.isZero(partials[i])) {
        continue; // a zero partial contributes nothing, even times an infinite adjoint
      }
      // The same operand twice (x * x) contributes twice: both terms are summed.
      if (Builder.isMinusOneConst(partials[i])) {
        Var adj = adjoint((Var) arg);
        if (ensureStarted((Var) arg)) {
          b.deduct(adj, targetAdj);
        } else {
          b.assign(adj, b.neg(targetAdj));
        }
      } else {
        contribute((Var) arg, b.scale(targetAdj, partials[i]), b);
      }
    }
  }


  /** {@code block} reading {@code map}'s replacements instead of the original variables. */
  private static List<Stmt> renameReads(List<Stmt> block, Map<Var, Value> map) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      Stmt mapped = Stmts.mapReads(s, v -> map.getOrDefault(v, v));
      List<List<Stmt>> nested = Stmts.blocks(mapped);
      if (!nested.isEmpty()) {
        List<List<Stmt>> renamed = new ArrayList<>();
        for (List<Stmt> n : nested) {
          renamed.add(renameReads(n, map));
        }
        mapped = Stmts.withBlocks(mapped, renamed);
      }
      out.add(mapped);
    }
    return out;
  }

  // ---- To-be-recorded analysis ------------------------------------------------------------------

  /** {@code block} without the pushes and pops of variables the backward sweep never reads. */
  private static List<Stmt> keepRecorded(List<Stmt> block, Set<Var> read) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Push p && p.value() instanceof Var v && !read.contains(v)) {
        continue;
      }
      if (s instanceof Stmt.Pop p && !read.contains(p.target())) {
        continue;
      }
      List<List<Stmt>> nested = Stmts.blocks(s);
      if (nested.isEmpty()) {
        out.add(s);
      } else {
        List<List<Stmt>> kept = new ArrayList<>();
        for (List<Stmt> n : nested) {
          kept.add(keepRecorded(n, read));
        }
        out.add(Stmts.withBlocks(s, kept));
      }
    }
    return out;
  }
}
