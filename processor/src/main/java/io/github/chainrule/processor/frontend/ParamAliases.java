package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.ReadContext.unparen;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes into a parameter's array, which would change the caller's data: before reading, the
 * locals that may refer to a parameter's array (so that a store through one is reported where it
 * is written); after reading, the check of every store in the IR against what each array
 * variable may share memory with.
 */
final class ParamAliases {
  private final ReadContext cx;

  /**
   * The locals that may refer to a parameter's array (or one of its rows): the parameters, and
   * locals assigned from them anywhere in the body (flow-insensitive, so it errs on the safe side).
   */
  private final Set<String> paramAliases = new java.util.HashSet<>();

  ParamAliases(ReadContext cx) {
    this.cx = cx;
  }

  /** Collects the aliases of {@code params} (the array parameters) in the whole body. */
  void find(Set<String> params) {
    paramAliases.addAll(params);
    boolean changed = true;
    while (changed) {
      int before = paramAliases.size();
      new TreeScanner<Void, Void>() {
        private void from(String name, ExpressionTree value) {
          if (value == null) {
            return;
          }
          value = unparen(value);
          if (value instanceof ConditionalExpressionTree c) {
            from(name, c.getTrueExpression());
            from(name, c.getFalseExpression());
            return;
          }
          String root = rootName(value);
          if (root != null && paramAliases.contains(root)) {
            paramAliases.add(name);
          }
        }

        @Override
        public Void visitVariable(VariableTree node, Void p) {
          from(node.getName().toString(), node.getInitializer());
          return super.visitVariable(node, p);
        }

        @Override
        public Void visitAssignment(AssignmentTree node, Void p) {
          if (unparen(node.getVariable()) instanceof IdentifierTree id) {
            from(id.getName().toString(), node.getExpression());
          }
          return super.visitAssignment(node, p);
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void p) {
          String root = rootName(node.getExpression());
          if (root != null && paramAliases.contains(root)) {
            paramAliases.add(node.getVariable().getName().toString());
          }
          return super.visitEnhancedForLoop(node, p);
        }
      }.scan(cx.tree.getBody(), null);
      changed = paramAliases.size() != before;
    }
  }

  /** Whether the local {@code name} may refer to a parameter's array or one of its rows. */
  boolean contains(String name) {
    return paramAliases.contains(name);
  }

  /** The local an array expression starts from ({@code m} in {@code m[i][j]}), or null. */
  static String rootName(ExpressionTree e) {
    e = unparen(e);
    if (e instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (e instanceof ArrayAccessTree a) {
      return rootName(a.getExpression());
    }
    return null;
  }

  /**
   * The safety net behind the syntactic check of writes into parameter arrays: array variables
   * that may share memory (copies, rows, a matrix's shallow clone) form classes; a store into a
   * class holding a parameter would change the caller's array.
   */
  void checkWrites(Function f) {
    // What each array variable may refer to, following its definitions (copies, rows, a
    // matrix's shallow clone) to a fixpoint: a parameter's memory, or constant data.
    Map<Var, String> param = new HashMap<>();
    Map<Var, String> constant = new HashMap<>();
    for (Function.Param p : f.params()) {
      if (p.var().type().isArray()) {
        param.put(p.var(), p.var().hint());
      }
    }
    boolean[] changed = {true};
    while (changed[0]) {
      changed[0] = false;
      io.github.chainrule.processor.ir.Stmts.forEach(f.body(), s -> {
        if (s instanceof Stmt.Assign a && a.target().type().isArray() && a.expr() instanceof Expr.Apply ap) {
          boolean alias =
              ap.op() == Op.COPY
                  || ap.op() == Op.LOAD
                  || (ap.op() == Op.CLONE && a.target().type().element().isArray());
          if (!alias) {
            return;
          }
          Value source = ap.args().get(0);
          if (source instanceof Var v && param.containsKey(v) && !param.containsKey(a.target())) {
            param.put(a.target(), param.get(v));
            changed[0] = true;
          }
          if (source instanceof Var v && constant.containsKey(v) && !constant.containsKey(a.target())) {
            constant.put(a.target(), constant.get(v));
            changed[0] = true;
          }
          if (source instanceof Const c && !constant.containsKey(a.target())) {
            constant.put(a.target(), c.name());
            changed[0] = true;
          }
        }
      });
    }
    io.github.chainrule.processor.ir.Stmts.forEach(f.body(), s -> {
      if (s instanceof Stmt.Store st && st.array() instanceof Var a) {
        Tree at = cx.storeTrees.get(st);
        if (at == null && st.origin().handle() instanceof Tree t) {
          at = t;
        }
        if (at == null) {
          return;
        }
        if (param.containsKey(a)) {
          cx.reporter.error(at, Message.PARAM_ARRAY_WRITE, param.get(a), param.get(a));
        } else if (constant.containsKey(a)) {
          cx.reporter.error(at, Message.NOT_ASSIGNABLE, at.toString());
        }
      }
    });
  }
}
