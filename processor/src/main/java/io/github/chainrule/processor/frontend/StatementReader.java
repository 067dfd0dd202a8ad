package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.LoopReader.assignedNames;
import static io.github.chainrule.processor.frontend.ReadContext.copy;
import static io.github.chainrule.processor.frontend.ReadContext.isLoop;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.ReadContext.Abort;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Statements: the walk through a body ({@link #run}, with what is left to translate as a chain
 * of {@link Frame}s), blocks, local declarations, expression statements, {@code if} (joined, or
 * with the rest of the method as each branch's continuation when it may return) and {@code
 * return}. Loops, {@code break} and {@code continue} go to {@link LoopReader}, {@code switch} and
 * {@code yield} to {@link SwitchReader}.
 */
final class StatementReader {
  private final ReadContext cx;

  StatementReader(ReadContext cx) {
    this.cx = cx;
  }

  /** Something a path does when it reaches a point: the end of a loop iteration, a for-each step. */
  interface Action {
    /** Returns true if the path ends there. */
    boolean run(Env env, List<Stmt> out);
  }

  /**
   * What is left to translate: statements from {@code pos} (or an action), then the enclosing
   * frames.
   */
  record Frame(List<? extends StatementTree> stmts, int pos, Action action, Frame next) {
    Frame(List<? extends StatementTree> stmts, int pos, Frame next) {
      this(stmts, pos, null, next);
    }

    static Frame of(Action action, Frame next) {
      return new Frame(List.of(), 0, action, next);
    }
  }

  /** Translates the statements of {@code k}; true if every path through them returned. */
  boolean run(Frame k, Env env, List<Stmt> out) {
    while (k != null) {
      if (k.action() != null) {
        if (k.action().run(env, out)) {
          return true;
        }
        k = k.next();
        continue;
      }
      if (k.pos() >= k.stmts().size()) {
        k = k.next();
        continue;
      }
      StatementTree s = k.stmts().get(k.pos());
      Frame rest = new Frame(k.stmts(), k.pos() + 1, k.next());
      Origin saved = cx.origin;
      cx.origin = cx.originOf(s);
      try {
        if (!(s instanceof BlockTree) && !isLoop(s) && !(s instanceof IfTree) && !(s instanceof LabeledStatementTree) && !(s instanceof SwitchTree)) {
          cx.checkPoisoned(s);
        }
        switch (s.getKind()) {
          case BLOCK:
            k = new Frame(((BlockTree) s).getStatements(), 0, rest);
            continue;
          case RETURN:
            returnStatement((ReturnTree) s, env, out);
            return true;
          case IF:
            {
              IfTree i = (IfTree) s;
              if (cx.loops.leaves(i)) {
                return ifWithReturn(i, rest, env, out);
              }
              plainIf(i, env, out);
              break;
            }
          case WHILE_LOOP:
          case DO_WHILE_LOOP:
          case FOR_LOOP:
          case ENHANCED_FOR_LOOP:
            if (cx.loops.loop(s, null, env, out)) {
              return cx.loops.afterEscapingLoop(rest, env, out);
            }
            break;
          case LABELED_STATEMENT:
            {
              LabeledStatementTree l = (LabeledStatementTree) s;
              if (!isLoop(l.getStatement())) {
                throw cx.fail(l, Message.UNSUPPORTED_STATEMENT, "a label on a statement that is not a loop");
              }
              if (cx.loops.loop(l.getStatement(), l.getLabel().toString(), env, out)) {
                return cx.loops.afterEscapingLoop(rest, env, out);
              }
              break;
            }
          case SWITCH:
            {
              SwitchTree sw = (SwitchTree) s;
              if (cx.loops.leaves(sw)) {
                return cx.switches.leaving(sw, rest, env, out);
              }
              cx.switches.joined(sw, env, out);
              break;
            }
          case YIELD:
            return cx.switches.yield((YieldTree) s, env, out);
          case BREAK:
            return cx.loops.jump(s, ((BreakTree) s).getLabel(), true, env, out);
          case CONTINUE:
            return cx.loops.jump(s, ((ContinueTree) s).getLabel(), false, env, out);
          default:
            simple(s, env, out);
        }
      } catch (Abort a) {
        // Reported; go on with the next statement to report more errors in one build.
      } finally {
        cx.origin = saved;
      }
      k = rest;
    }
    return false;
  }

  private void returnStatement(ReturnTree r, Env env, List<Stmt> out) {
    if (r.getExpression() == null) {
      throw cx.fail(r, Message.UNSUPPORTED_STATEMENT, "return without a value");
    }
    Value v = cx.expressions.expr(r.getExpression(), env, out);
    cx.add(out, new Stmt.Assign(cx.result, cx.expressions.conversion(v, cx.returnType, r), cx.origin));
    cx.loops.leaveForReturn(env, out);
  }

  /** An {@code if} without a return inside: both branches join and the code goes on after it. */
  private void plainIf(IfTree i, Env env, List<Stmt> out) {
    Value c = cx.expressions.condition(i.getCondition(), env, out);
    Origin here = cx.origin;
    Env e1 = env.copy();
    Env e2 = env.copy();
    List<Stmt> b1 = new ArrayList<>();
    List<Stmt> b2 = new ArrayList<>();
    run(new Frame(List.of(i.getThenStatement()), 0, null), e1, b1);
    if (i.getElseStatement() != null) {
      run(new Frame(List.of(i.getElseStatement()), 0, null), e2, b2);
    }
    cx.origin = here;
    join(env, e1, b1, e2, b2);
    cx.add(out, new Stmt.If(c, b1, b2, here));
  }

  /**
   * An {@code if} with a return inside: the rest of the method is the continuation of each branch
   * (and so appears once per branch that can fall through into it).
   */
  private boolean ifWithReturn(IfTree i, Frame rest, Env env, List<Stmt> out) {
    Value c = cx.expressions.condition(i.getCondition(), env, out);
    Origin here = cx.origin;
    List<Stmt> b1 = new ArrayList<>();
    List<Stmt> b2 = new ArrayList<>();
    boolean r1 = run(new Frame(List.of(i.getThenStatement()), 0, rest), env.copy(), b1);
    List<StatementTree> otherwise =
        i.getElseStatement() == null ? List.of() : List.of(i.getElseStatement());
    boolean r2 = run(new Frame(otherwise, 0, rest), env.copy(), b2);
    cx.origin = here;
    cx.add(out, new Stmt.If(c, b1, b2, here));
    return r1 && r2;
  }

  /** After two branches: a local assigned differently in them gets a join version. */
  void join(Env env, Env e1, List<Stmt> b1, Env e2, List<Stmt> b2) {
    for (Map.Entry<String, Type> d : env.declared.entrySet()) {
      String name = d.getKey();
      Var v1 = e1.values.get(name);
      Var v2 = e2.values.get(name);
      if (v1 == null || v2 == null) {
        env.values.remove(name); // not definitely assigned: Java rejects any read
      } else if (v1 == v2) {
        env.set(name, v1);
      } else {
        Var j = cx.vars.create(name, d.getValue(), Var.Role.LOCAL);
        cx.add(b1, new Stmt.Assign(j, copy(v1), cx.origin));
        cx.add(b2, new Stmt.Assign(j, copy(v2), cx.origin));
        env.set(name, j);
      }
    }
  }

  /** A statement without control flow: a local declaration, an expression statement, an empty one. */
  void simple(StatementTree s, Env env, List<Stmt> out) {
    switch (s.getKind()) {
      case VARIABLE -> local((VariableTree) s, env, out);
      case EXPRESSION_STATEMENT -> {
        ExpressionTree e = ((ExpressionStatementTree) s).getExpression();
        switch (e.getKind()) {
          case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
              REMAINDER_ASSIGNMENT, PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT,
              POSTFIX_DECREMENT, AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT,
              RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> cx.expressions.expr(e, env, out);
          case METHOD_INVOCATION -> {
            cx.expressions.expr(e, env, out); // reports a call it cannot resolve (a void helper) first
            if (assignedNames(e).isEmpty()) {
              throw cx.fail(e, Message.DISCARDED_VALUE);
            }
            // g(y += x): the result is discarded, the assignments in the arguments stand.
          }
          default -> throw cx.fail(e, Message.DISCARDED_VALUE);
        }
      }
      case EMPTY_STATEMENT -> {}
      default -> throw cx.fail(s, Message.UNSUPPORTED_STATEMENT, describe(s));
    }
  }

  private static String describe(StatementTree s) {
    return switch (s.getKind()) {
      case TRY -> "a try statement";
      case THROW -> "throw";
      case SYNCHRONIZED -> "a synchronized block";
      case LABELED_STATEMENT -> "a labelled statement";
      case BREAK -> "break";
      case CONTINUE -> "continue";
      case ASSERT -> "assert";
      case CLASS, INTERFACE, ENUM, RECORD -> "a local class";
      default -> "this statement (" + s.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
    };
  }

  /** The declared type of a local, or null for {@code var}; an error for unsupported types. */
  Type declaredType(VariableTree v, Tree typeTree) {
    String name = v.getName().toString();
    if (typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"))) {
      return null;
    }
    Type declared = null;
    if (typeTree instanceof PrimitiveTypeTree || typeTree instanceof ArrayTypeTree) {
      declared = Type.ofJavaName(typeTree.toString().replaceAll("\\s+", ""));
    }
    if (declared == null) {
      throw cx.fail(typeTree, Message.UNSUPPORTED_LOCAL_TYPE, name, typeTree.toString());
    }
    return declared;
  }

  private void local(VariableTree v, Env env, List<Stmt> out) {
    String name = v.getName().toString();
    Type declared;
    try {
      declared = declaredType(v, v.getType());
    } catch (Abort a) {
      cx.poison(name, env);
      throw a;
    }
    if (v.getInitializer() == null) {
      if (declared == null) {
        throw cx.fail(v, Message.MISSING_INITIALIZER);
      }
      env.declare(name, declared);
      return;
    }
    Value init;
    try {
      if (v.getInitializer() instanceof NewArrayTree na && na.getType() == null && declared != null && declared.isArray()) {
        init = cx.arrays.arrayInitializer(na, declared, env, out);
      } else {
        init = cx.expressions.expr(v.getInitializer(), env, out);
      }
    } catch (Abort a) {
      // Later uses of it must not report a second, misleading error.
      cx.poison(name, env);
      throw a;
    }
    Type type = declared == null ? init.type() : declared;
    env.declare(name, type);
    Var version = cx.vars.create(name, type, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(version, cx.expressions.conversion(init, type, v), cx.origin));
    env.set(name, version);
  }
}
