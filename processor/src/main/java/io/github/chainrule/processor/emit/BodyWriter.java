package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the body of one generated method from an IR function body.
 *
 * <p>A-normal form has one temporary per operation; to read like hand-written code, a temporary
 * read exactly once, later in the same block, with nothing in between overwriting what it reads,
 * is written in place of its use. A variable first assigned at the top level of the body is
 * declared there; one first assigned inside a branch is declared, zeroed, at the start of the body
 * (Java's definite-assignment rules cannot see that the backward sweep reads it only on paths where
 * it was assigned).
 */
final class BodyWriter {
  private final Names names;
  private final String sourceFile;
  private final Map<Var, Expr> inlined = new HashMap<>();
  private final Map<Var, Integer> uses = new HashMap<>();
  private final Map<Var, Integer> defs = new HashMap<>();
  private final ExprWriter exprs;
  private Origin lastOrigin;
  private String scratch;
  private int scratchSize;

  /** What to emit right before the final return (the pullback's adjoint outputs). */
  interface Epilogue {
    void write(CodeBlock.Builder code, ExprWriter exprs);
  }

  BodyWriter(Names names, String sourceFile) {
    this.names = names;
    this.sourceFile = sourceFile;
    this.exprs = new ExprWriter(names, inlined);
  }

  ExprWriter exprs() {
    return exprs;
  }

  /**
   * Writes {@code body}.
   *
   * @param backwardStart index of the first top-level statement of the backward sweep, or -1
   * @param params the variables that are parameters of the generated method (never declared)
   */
  CodeBlock write(List<Stmt> body, int backwardStart, List<Var> params, Epilogue epilogue) {
    count(body);
    findInlined(body);
    findDeclarations(body, new HashSet<>(params));
    CodeBlock.Builder code = CodeBlock.builder();
    if (scratchSize > 0) {
      scratch = names.fresh("calleeAdj");
      code.addStatement("double[] $N = new double[$L]", scratch, scratchSize);
    }
    for (int k = 0; k < body.size(); k++) {
      if (k == backwardStart) {
        code.add("\n// Backward sweep: the chain rule, node by node in reverse order.\n");
        lastOrigin = null;
      }
      Stmt s = body.get(k);
      if (s instanceof Stmt.Return && epilogue != null) {
        epilogue.write(code, exprs);
      }
      declare(code, body, k);
      statement(code, s);
    }
    return code.build();
  }

  private void declare(CodeBlock.Builder code, List<Stmt> block, int index) {
    Map<Integer, List<Declaration>> here = declarations.get(block);
    if (here == null || !here.containsKey(index)) {
      return;
    }
    for (Declaration d : here.get(index)) {
      Var v = d.var();
      if (d.initialise()) {
        code.addStatement("$L $N = $L", v.type().javaName(), names.of(v), ExprWriter.zero(v.type()));
      } else {
        code.addStatement("$L $N", v.type().javaName(), names.of(v));
      }
    }
  }

  // ---- Analysis ---------------------------------------------------------------------------------

  private void count(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        defs.merge(a.target(), 1, Integer::sum);
        for (Value v : a.expr().args()) {
          use(v);
        }
      } else if (s instanceof Stmt.If i) {
        use(i.cond());
        count(i.then());
        count(i.otherwise());
      } else if (s instanceof Stmt.Return r) {
        use(r.value());
      } else if (s instanceof Stmt.PullbackCall c) {
        for (Value v : c.args()) {
          use(v);
        }
        use(c.seed());
        for (Var adj : c.adjoints()) {
          if (adj != null) {
            use(adj);
            defs.merge(adj, 1, Integer::sum);
          }
        }
        scratchSize = Math.max(scratchSize, c.callee().differentiableCount());
      }
    }
  }

  private void use(Value v) {
    if (v instanceof Var var) {
      uses.merge(var, 1, Integer::sum);
    }
  }

  private void findInlined(List<Stmt> block) {
    Map<Var, Integer> defIndex = new HashMap<>();
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      for (Value v : operands(s)) {
        if (v instanceof Var var && defIndex.containsKey(var)) {
          int d = defIndex.get(var);
          Stmt.Assign def = (Stmt.Assign) block.get(d);
          if (!overwritten(reads(def.expr()), block, d + 1, k)) {
            inlined.put(var, def.expr());
          }
        }
      }
      if (s instanceof Stmt.Assign a
          && (a.target().role() == Var.Role.TEMP || copiedNext(block, k, a.target()))
          && defs.getOrDefault(a.target(), 0) == 1
          && uses.getOrDefault(a.target(), 0) == 1) {
        defIndex.put(a.target(), k);
      }
      if (s instanceof Stmt.If i) {
        findInlined(i.then());
        findInlined(i.otherwise());
      }
    }
  }

  /** Whether the next statement only copies {@code v} (into the join of a branch). */
  private static boolean copiedNext(List<Stmt> block, int k, Var v) {
    return k + 1 < block.size()
        && block.get(k + 1) instanceof Stmt.Assign next
        && next.expr() instanceof Expr.Apply ap
        && ap.op() == Op.COPY
        && ap.args().get(0) == v;
  }

  /** The operands a statement reads directly (a branch: only its condition). */
  private static List<Value> operands(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return a.expr().args();
    }
    if (s instanceof Stmt.If i) {
      return List.of(i.cond());
    }
    if (s instanceof Stmt.Return r) {
      return List.of(r.value());
    }
    Stmt.PullbackCall c = (Stmt.PullbackCall) s;
    List<Value> all = new ArrayList<>(c.args());
    all.add(c.seed());
    return all;
  }

  /** The variables an expression reads, looking through inlined temporaries. */
  private Set<Var> reads(Expr e) {
    Set<Var> out = new HashSet<>();
    for (Value v : e.args()) {
      if (v instanceof Var var) {
        Expr in = inlined.get(var);
        if (in != null) {
          out.addAll(reads(in));
        } else {
          out.add(var);
        }
      }
    }
    return out;
  }

  private static boolean overwritten(Set<Var> vars, List<Stmt> block, int from, int to) {
    for (int k = from; k < to; k++) {
      if (assigns(block.get(k), vars)) {
        return true;
      }
    }
    return false;
  }

  private static boolean assigns(Stmt s, Set<Var> vars) {
    if (s instanceof Stmt.Assign a) {
      return vars.contains(a.target());
    }
    if (s instanceof Stmt.If i) {
      for (Stmt t : i.then()) {
        if (assigns(t, vars)) {
          return true;
        }
      }
      for (Stmt t : i.otherwise()) {
        if (assigns(t, vars)) {
          return true;
        }
      }
      return false;
    }
    if (s instanceof Stmt.PullbackCall c) {
      for (Var adj : c.adjoints()) {
        if (adj != null && vars.contains(adj)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Decides where each variable is declared: in the innermost block that holds all its
   * occurrences, at its first assignment if that stands directly in that block, else right before
   * the statement of that block where it first occurs (zeroed, unless that statement is a branch
   * that assigns it on both sides before any read, as Java's definite assignment requires).
   */
  private void findDeclarations(List<Stmt> body, Set<Var> params) {
    Map<Var, List<List<Stmt>>> common = new LinkedHashMap<>();
    Map<Var, List<List<Stmt>>> firstPath = new HashMap<>();
    Map<Var, Stmt> firstStmt = new HashMap<>();
    List<List<Stmt>> path = new ArrayList<>();
    path.add(body);
    occurrences(body, path, common, firstPath, firstStmt, params);
    for (Map.Entry<Var, List<List<Stmt>>> e : common.entrySet()) {
      Var v = e.getKey();
      List<List<Stmt>> lca = e.getValue();
      List<Stmt> home = lca.get(lca.size() - 1);
      List<List<Stmt>> fp = firstPath.get(v);
      Stmt first = firstStmt.get(v);
      if (fp.size() == lca.size() && first instanceof Stmt.Assign a && a.target() == v) {
        declaringAssignments.add(a);
        continue;
      }
      // The statement of the home block that contains the first occurrence.
      int index;
      if (fp.size() == lca.size()) {
        index = indexOf(home, first);
      } else {
        index = containing.get(fp.get(lca.size())).index();
      }
      Stmt holder = home.get(index);
      boolean initialise = !(definitelyAssigns(holder, v) && !reads(holder, v));
      declarations
          .computeIfAbsent(home, k -> new HashMap<>())
          .computeIfAbsent(index, k -> new ArrayList<>())
          .add(new Declaration(v, initialise));
    }
  }

  /** A declaration placed before a statement. */
  private record Declaration(Var var, boolean initialise) {}

  /** A nested block's place: its parent block and the index of the branch statement there. */
  private record Place(List<Stmt> parent, int index) {}

  private final Map<List<Stmt>, Place> containing = new IdentityHashMap<>();
  private final Map<List<Stmt>, Map<Integer, List<Declaration>>> declarations = new IdentityHashMap<>();
  private final Set<Stmt> declaringAssignments = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private static int indexOf(List<Stmt> block, Stmt s) {
    for (int i = 0; i < block.size(); i++) {
      if (block.get(i) == s) {
        return i;
      }
    }
    throw new IllegalStateException("statement not in block");
  }

  private void occurrences(
      List<Stmt> block,
      List<List<Stmt>> path,
      Map<Var, List<List<Stmt>>> common,
      Map<Var, List<List<Stmt>>> firstPath,
      Map<Var, Stmt> firstStmt,
      Set<Var> params) {
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      List<Var> direct = new ArrayList<>();
      if (s instanceof Stmt.Assign a) {
        if (inlined.containsKey(a.target())) {
          continue;
        }
        direct.add(a.target());
        collect(a.expr().args(), direct);
      } else if (s instanceof Stmt.Return r) {
        collect(List.of(r.value()), direct);
      } else if (s instanceof Stmt.PullbackCall c) {
        collect(c.args(), direct);
        collect(List.of(c.seed()), direct);
        for (Var adj : c.adjoints()) {
          if (adj != null) {
            direct.add(adj);
          }
        }
      } else if (s instanceof Stmt.If i) {
        collect(List.of(i.cond()), direct);
      }
      for (Var v : direct) {
        if (params.contains(v)) {
          continue;
        }
        List<List<Stmt>> previous = common.get(v);
        if (previous == null) {
          common.put(v, new ArrayList<>(path));
          firstPath.put(v, new ArrayList<>(path));
          firstStmt.put(v, s);
        } else {
          int n = 0;
          while (n < previous.size() && n < path.size() && previous.get(n) == path.get(n)) {
            n++;
          }
          common.put(v, new ArrayList<>(previous.subList(0, n)));
        }
      }
      if (s instanceof Stmt.If i) {
        for (List<Stmt> branch : List.of(i.then(), i.otherwise())) {
          containing.put(branch, new Place(block, k));
          path.add(branch);
          occurrences(branch, path, common, firstPath, firstStmt, params);
          path.remove(path.size() - 1);
        }
      }
    }
  }

  /** The variables among {@code values}, looking through inlined temporaries. */
  private void collect(List<Value> values, List<Var> out) {
    for (Value v : values) {
      if (v instanceof Var var) {
        Expr e = inlined.get(var);
        if (e != null) {
          collect(e.args(), out);
        } else {
          out.add(var);
        }
      }
    }
  }

  private static boolean definitelyAssigns(Stmt s, Var v) {
    if (s instanceof Stmt.Assign a) {
      return a.target() == v;
    }
    if (s instanceof Stmt.If i) {
      return definitelyAssigns(i.then(), v) && definitelyAssigns(i.otherwise(), v);
    }
    return false;
  }

  private static boolean definitelyAssigns(List<Stmt> block, Var v) {
    for (Stmt s : block) {
      if (definitelyAssigns(s, v)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s} reads {@code v} anywhere (an accumulation reads its target). */
  private boolean reads(Stmt s, Var v) {
    List<Var> read = new ArrayList<>();
    if (s instanceof Stmt.Assign a) {
      collect(a.expr().args(), read);
    } else if (s instanceof Stmt.Return r) {
      collect(List.of(r.value()), read);
    } else if (s instanceof Stmt.PullbackCall c) {
      collect(c.args(), read);
      collect(List.of(c.seed()), read);
      for (Var adj : c.adjoints()) {
        if (adj != null) {
          read.add(adj);
        }
      }
    } else if (s instanceof Stmt.If i) {
      collect(List.of(i.cond()), read);
      for (Stmt t : i.then()) {
        if (reads(t, v)) {
          return true;
        }
      }
      for (Stmt t : i.otherwise()) {
        if (reads(t, v)) {
          return true;
        }
      }
    }
    return read.contains(v);
  }

  // ---- Writing ----------------------------------------------------------------------------------

  private void comment(CodeBlock.Builder code, Origin origin) {
    if (origin == null || origin.line() == 0 || origin.equals(lastOrigin)) {
      return;
    }
    lastOrigin = origin;
    code.add("// $L:$L: $L\n", sourceFile, origin.line(), origin.text());
  }

  private void block(CodeBlock.Builder code, List<Stmt> block) {
    for (int k = 0; k < block.size(); k++) {
      declare(code, block, k);
      statement(code, block.get(k));
    }
  }

  private void statement(CodeBlock.Builder code, Stmt s) {
    if (s instanceof Stmt.Assign a) {
      if (inlined.containsKey(a.target())) {
        return;
      }
      comment(code, a.origin());
      assign(code, a);
    } else if (s instanceof Stmt.If i) {
      comment(code, i.origin());
      Origin saved = lastOrigin;
      if (i.then().isEmpty()) {
        code.beginControlFlow("if (!$L)", ExprWriter.wrap(exprs.write(i.cond()), ExprWriter.UNARY + 1));
        block(code, i.otherwise());
        code.endControlFlow();
      } else {
        code.beginControlFlow("if ($L)", exprs.value(i.cond()));
        block(code, i.then());
        if (!i.otherwise().isEmpty()) {
          lastOrigin = saved;
          code.nextControlFlow("else");
          block(code, i.otherwise());
        }
        code.endControlFlow();
      }
      lastOrigin = saved;
    } else if (s instanceof Stmt.Return r) {
      comment(code, r.origin());
      code.addStatement("return $L", exprs.value(r.value()));
    } else {
      Stmt.PullbackCall c = (Stmt.PullbackCall) s;
      comment(code, c.origin());
      pullbackCall(code, c);
    }
  }

  private void assign(CodeBlock.Builder code, Stmt.Assign a) {
    Var target = a.target();
    String name = names.of(target);
    if (declaringAssignments.contains(a)) {
      code.addStatement("$L $N = $L", target.type().javaName(), name, exprs.expr(a.expr()).code());
      return;
    }
    // target = target + x  is written  target += x
    if (a.expr() instanceof Expr.Apply ap
        && ap.op() == Op.ADD
        && ap.type() == target.type()
        && ap.args().get(0) == target) {
      code.addStatement("$N += $L", name, exprs.write(ap.args().get(1)).code());
      return;
    }
    code.addStatement("$N = $L", name, exprs.expr(a.expr()).code());
  }

  private void pullbackCall(CodeBlock.Builder code, Stmt.PullbackCall c) {
    CodeBlock.Builder call =
        CodeBlock.builder()
            .add("$T.$N(", ClassName.bestGuess(c.callee().gradOwner()), c.callee().gradName() + "Pullback");
    for (Value v : c.args()) {
      call.add("$L, ", exprs.value(v));
    }
    call.add("$L, $N, 0)", exprs.value(c.seed()), scratch);
    code.addStatement("$L", call.build());
    int slot = 0;
    for (int i = 0; i < c.args().size(); i++) {
      if (!c.callee().differentiable().get(i)) {
        continue;
      }
      Var adj = c.adjoints().get(i);
      if (adj != null) {
        code.addStatement("$N += $N[$L]", names.of(adj), scratch, slot);
      }
      code.addStatement("$N[$L] = 0.0", scratch, slot);
      slot++;
    }
  }
}
