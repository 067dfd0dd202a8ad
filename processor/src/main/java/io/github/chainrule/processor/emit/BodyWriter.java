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
import java.util.LinkedHashSet;
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
  private final Set<Var> declareAtTop = new LinkedHashSet<>();
  private final Set<Var> declared = new HashSet<>();
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
    declared.addAll(params);
    count(body);
    findInlined(body);
    findDeclarations(body, true, new HashSet<>(params));
    CodeBlock.Builder code = CodeBlock.builder();
    for (Var v : declareAtTop) {
      code.addStatement("$L $N = $L", v.type().javaName(), names.of(v), ExprWriter.zero(v.type()));
      declared.add(v);
    }
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
      statement(code, s);
    }
    return code.build();
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
          && a.target().role() == Var.Role.TEMP
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

  /** Finds the variables first assigned inside a branch; they are declared at the top. */
  private void findDeclarations(List<Stmt> block, boolean top, Set<Var> seen) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        if (!inlined.containsKey(a.target()) && seen.add(a.target()) && !top) {
          declareAtTop.add(a.target());
        }
      } else if (s instanceof Stmt.If i) {
        findDeclarations(i.then(), false, seen);
        findDeclarations(i.otherwise(), false, seen);
      } else if (s instanceof Stmt.PullbackCall c) {
        for (Var adj : c.adjoints()) {
          if (adj != null && seen.add(adj)) {
            declareAtTop.add(adj); // defensive: the adjoint pass zeroes them first
          }
        }
      }
    }
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
    for (Stmt s : block) {
      statement(code, s);
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
    if (declared.contains(target)) {
      // target = target + x  is written  target += x
      if (a.expr() instanceof Expr.Apply ap
          && ap.op() == Op.ADD
          && ap.type() == target.type()
          && ap.args().get(0) == target) {
        code.addStatement("$N += $L", name, ExprWriter.wrap(exprs.write(ap.args().get(1)), ExprWriter.CONDITIONAL));
        return;
      }
      code.addStatement("$N = $L", name, exprs.expr(a.expr()).code());
    } else {
      declared.add(target);
      code.addStatement("$L $N = $L", target.type().javaName(), name, exprs.expr(a.expr()).code());
    }
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
