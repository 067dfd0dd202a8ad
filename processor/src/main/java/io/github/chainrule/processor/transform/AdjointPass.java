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
import java.util.IdentityHashMap;
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
  /**
   * For each variable, the innermost block that holds all its definitions: its adjoint lives
   * there. Blocks are identified by their lists.
   */
  private final Map<Var, List<Stmt>> home = new HashMap<>();
  /** The enclosing blocks of the statement being reversed, innermost last. */
  private final List<List<Stmt>> path = new ArrayList<>();
  /**
   * Adjoints first reached in a branch nested below their home block: they start at zero in the
   * home block, right before the branch. Keyed by home block.
   */
  private final Map<List<Stmt>, Set<Var>> pendingZero = new IdentityHashMap<>();
  /** The enclosing blocks of every block, outermost first, the block itself last. */
  private final Map<List<Stmt>, List<List<Stmt>>> paths = new IdentityHashMap<>();

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
    pass.findHomes(primal, new ArrayList<>(List.of(primal)));

    Var seed = vars.create("seed", f.returnType(), Var.Role.EXTRA_PARAM);
    List<Stmt> backward = new ArrayList<>();
    Builder b = new Builder(vars, backward);
    b.at(ret.origin());
    if (pass.activity.isActive(ret.value())) {
      Var resultAdj = pass.adjoint((Var) ret.value());
      b.assign(resultAdj, seed);
      pass.initialized.add(resultAdj);
    }
    pass.path.add(primal);
    pass.reverse(primal.subList(0, primal.size() - 1), b);

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
    // The forward sweep is the primal, already simplified; copies made by the backward sweep
    // (of the seed, of adjoints through copies and joins) are propagated here.
    body.addAll(Simplify.propagateCopies(backward, roots));
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
        v,
        k ->
            vars.create(
                k.hint() + "Adj", k.type(), k.role() == Var.Role.TEMP ? Var.Role.TEMP : Var.Role.ADJOINT));
  }

  /** Records, for each variable, the innermost block holding all its definitions. */
  private void findHomes(List<Stmt> block, List<List<Stmt>> blocks) {
    paths.put(block, new ArrayList<>(blocks));
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        List<Stmt> previous = home.get(a.target());
        home.put(a.target(), previous == null ? block : commonBlock(previous, block, blocks));
      } else if (s instanceof Stmt.If i) {
        blocks.add(i.then());
        findHomes(i.then(), blocks);
        blocks.remove(blocks.size() - 1);
        blocks.add(i.otherwise());
        findHomes(i.otherwise(), blocks);
        blocks.remove(blocks.size() - 1);
      }
    }
  }

  /** The innermost common ancestor of two blocks; {@code pathToB} is the path to {@code b}. */
  private List<Stmt> commonBlock(List<Stmt> a, List<Stmt> b, List<List<Stmt>> pathToB) {
    List<List<Stmt>> pa = paths.get(a);
    List<List<Stmt>> pb = paths.get(b);
    if (pa == null || pb == null) {
      return pathToB.get(0);
    }
    List<Stmt> common = pb.get(0);
    for (int i = 0; i < Math.min(pa.size(), pb.size()) && pa.get(i) == pb.get(i); i++) {
      common = pa.get(i);
    }
    return common;
  }

  /** Makes sure {@code v}'s adjoint holds a value before {@code +=}; true if it did already. */
  private boolean ensureStarted(Var v, Builder b) {
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
    if (ensureStarted(target, b)) {
      b.accumulate(adj, contribution);
    } else {
      b.assign(adj, contribution);
    }
  }

  private void reverse(List<Stmt> block, Builder b) {
    List<Stmt> here = path.get(path.size() - 1);
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      b.at(s.origin());
      if (s instanceof Stmt.Assign a) {
        reverseAssign(a, b);
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = new ArrayList<>();
        List<Stmt> otherwise = new ArrayList<>();
        List<Stmt> outer = b.redirect(then);
        path.add(i.then());
        reverse(i.then(), b);
        path.set(path.size() - 1, i.otherwise());
        b.redirect(otherwise);
        reverse(i.otherwise(), b);
        path.remove(path.size() - 1);
        b.redirect(outer);
        b.at(s.origin());
        Set<Var> zeros = pendingZero.remove(here);
        if (zeros != null) {
          for (Var adj : zeros) {
            b.assign(adj, Builder.constant(0, adj.type()));
          }
        }
        if (!then.isEmpty() || !otherwise.isEmpty()) {
          b.add(new Stmt.If(i.cond(), then, otherwise, i.origin()));
        }
      } else {
        throw new IllegalStateException("adjoint of " + s.getClass().getSimpleName() + " is not supported");
      }
    }
  }

  private void reverseAssign(Stmt.Assign a, Builder b) {
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
          if (!ensureStarted((Var) arg, b)) {
            b.assign(adj, Builder.constant(0, adj.type()));
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
      contribute((Var) arg, b.mul(targetAdj, partials[i]), b);
    }
  }
}
