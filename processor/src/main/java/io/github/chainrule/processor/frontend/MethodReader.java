package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.ParamAliases.rootName;
import static io.github.chainrule.processor.frontend.ReadContext.copy;
import static io.github.chainrule.processor.frontend.ReadContext.isLoop;
import static io.github.chainrule.processor.frontend.ReadContext.unparen;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.ReadContext.Abort;
import io.github.chainrule.processor.frontend.ReadContext.TooLarge;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.MathTypes;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import io.github.chainrule.processor.transform.Activity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The front end: reads the body of a {@code @Differentiable} method (syntax only: bodies are not
 * attributed during annotation processing) and builds its computational graph, an IR {@link
 * Function} in A-normal form and dynamic single assignment form.
 *
 * <ul>
 *   <li>Every operation becomes one node with its own variable; every assignment of a local a new
 *       version of it, so no value the backward sweep needs is ever overwritten.
 *   <li>Branches join the versions they assign through copies at the end of each branch.
 *   <li>Early returns: the statements after an {@code if} that may return are translated as the
 *       continuation of each branch that can fall through, so every path ends in one assignment of
 *       the result and the body has a single exit.
 *   <li>{@code &&}, {@code ||} and {@code ?:} become branches when evaluating their operands
 *       eagerly could differ from Java's semantics (a division by zero, a call, an assignment,
 *       a derivative through the unselected operand).
 * </ul>
 *
 * <p>Anything else is reported with a {@link Message} at the exact tree; the reader goes on with
 * the next statement so one build shows every error.
 */
public final class MethodReader {

  /** Describes a called method that is declared static and has supported types. */
  public interface Callees {
    Callee describe(ExecutableElement method);
  }

  /** A call of another method in the body, for the processor's checks across methods. */
  public record CallSite(ExecutableElement callee, Tree tree) {}

  private final ReadContext cx;

  public MethodReader(
      Trees trees,
      Elements elements,
      CompilationUnitTree unit,
      TypeElement owner,
      ExecutableElement method,
      MethodTree tree,
      Reporter reporter,
      Callees callees,
      String gradClass) {
    this.cx = new ReadContext(trees, elements, unit, owner, method, tree, reporter, callees, gradClass);
  }

  public VarFactory vars() {
    return cx.vars;
  }

  /** The calls of other methods found while reading. */
  public List<CallSite> callSites() {
    return cx.callSites;
  }

  /**
   * Reads the method.
   *
   * @param differentiable the names of the parameters to differentiate with respect to
   * @return the IR, or null if errors were reported
   */
  public Function read(Set<String> differentiable) {
    int errorsBefore = cx.reporter.errors();
    cx.returnType = Resolver.typeOf(cx.method.getReturnType());
    Env env = new Env();
    List<Function.Param> params = new ArrayList<>();
    for (VariableElement p : cx.method.getParameters()) {
      String name = p.getSimpleName().toString();
      Type type = Resolver.typeOf(p.asType());
      Var v = cx.vars.create(name, type, Var.Role.PARAM);
      params.add(new Function.Param(v, differentiable.contains(name)));
      env.declare(name, type);
      env.set(name, v);
    }
    cx.result = cx.vars.create("result", cx.returnType, Var.Role.LOCAL);
    Set<String> arrayParams = new java.util.HashSet<>();
    for (VariableElement p : cx.method.getParameters()) {
      Type t = Resolver.typeOf(p.asType());
      if (t != null && t.isArray()) {
        arrayParams.add(p.getSimpleName().toString());
      }
    }
    cx.aliases.find(arrayParams);
    List<Stmt> body = new ArrayList<>();
    for (Jump j : jumps(cx.tree.getBody())) {
      if (j.target() == null && j.crossed() > 0) {
        setFlag(env, RETURNED, false, body); // a return inside a loop leaves it through this flag
        break;
      }
    }
    try {
      run(new Frame(cx.tree.getBody().getStatements(), 0, null), env, body);
    } catch (TooLarge e) {
      cx.reporter.error(cx.tree, Message.TOO_LARGE, cx.method.getSimpleName());
      return null;
    }
    if (cx.reporter.errors() > errorsBefore) {
      return null;
    }
    finishReturn(body);
    Function f = new Function(cx.method.getSimpleName().toString(), params, cx.returnType, body);
    checkCalls(f);
    return cx.reporter.errors() > errorsBefore ? null : f;
  }

  /** A body whose only return is its last statement returns that value directly. */
  private void finishReturn(List<Stmt> body) {
    int assignments = countAssignments(body, cx.result);
    Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
    if (assignments == 1 && last instanceof Stmt.Assign a && a.target() == cx.result) {
      body.remove(body.size() - 1);
      Var t = cx.vars.create("t", cx.returnType, Var.Role.TEMP);
      body.add(new Stmt.Assign(t, a.expr(), a.origin()));
      body.add(new Stmt.Return(t, a.origin()));
    } else {
      body.add(new Stmt.Return(cx.result, Origin.NONE));
    }
  }

  private static int countAssignments(List<Stmt> block, Var v) {
    int[] n = {0};
    io.github.chainrule.processor.ir.Stmts.forEach(block, s -> {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        n[0]++;
      }
    });
    return n[0];
  }

  /** Calls that would lose a derivative: a method without one, or a parameter excluded by wrt. */
  private void checkCalls(Function f) {
    Activity activity = Activity.of(f);
    checkCalls(f.body(), activity);
    cx.aliases.checkWrites(f);
  }

  /**
   * Every call in the body, at any depth of branches and loops (heads, conditions and bodies):
   * a call that would lose a derivative is an error wherever it sits.
   */
  private void checkCalls(List<Stmt> block, Activity activity) {
    io.github.chainrule.processor.ir.Stmts.forEach(block, s -> {
      if (s instanceof Stmt.Assign a && a.expr() instanceof Expr.Call call) {
        checkCall(call, activity);
      }
    });
  }

  private void checkCall(Expr.Call call, Activity activity) {
    Callee c = call.callee();
    Tree at = cx.callTrees.get(call);
    for (int k = 0; k < call.args().size(); k++) {
      if (!activity.isVaried(call.args().get(k))) {
        continue;
      }
      if (!c.isDifferentiable()) {
        if (call.type().isDifferentiable()) {
          cx.reporter.error(at, Message.NOT_DIFFERENTIABLE_CALL, displayName(c), k + 1);
          return;
        }
      } else if (!c.differentiable().get(k)) {
        cx.reporter.error(
            at, Message.EXCLUDED_ARGUMENT, k + 1, displayName(c), displayName(c), paramName(call, k));
      }
    }
  }

  private String paramName(Expr.Call call, int k) {
    for (CallSite site : cx.callSites) {
      if (site.tree() == cx.callTrees.get(call)) {
        return site.callee().getParameters().get(k).getSimpleName().toString();
      }
    }
    return "#" + (k + 1);
  }

  private static String displayName(Callee c) {
    String owner = c.owner();
    return owner.substring(owner.lastIndexOf('.') + 1) + "." + c.name();
  }

  // ---- Statements -------------------------------------------------------------------------------

  /** Something a path does when it reaches a point: the end of a loop iteration, a for-each step. */
  private interface Action {
    /** Returns true if the path ends there. */
    boolean run(Env env, List<Stmt> out);
  }

  /**
   * What is left to translate: statements from {@code pos} (or an action), then the enclosing
   * frames.
   */
  private record Frame(List<? extends StatementTree> stmts, int pos, Action action, Frame next) {
    Frame(List<? extends StatementTree> stmts, int pos, Frame next) {
      this(stmts, pos, null, next);
    }

    static Frame of(Action action, Frame next) {
      return new Frame(List.of(), 0, action, next);
    }
  }

  /** Translates the statements of {@code k}; true if every path through them returned. */
  private boolean run(Frame k, Env env, List<Stmt> out) {
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
        if (!(s instanceof BlockTree) && !isLoop(s) && !(s instanceof IfTree) && !(s instanceof LabeledStatementTree)) {
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
              if (leaves(i)) {
                return ifWithReturn(i, rest, env, out);
              }
              plainIf(i, env, out);
              break;
            }
          case WHILE_LOOP:
          case DO_WHILE_LOOP:
          case FOR_LOOP:
          case ENHANCED_FOR_LOOP:
            if (loop(s, null, env, out)) {
              return afterEscapingLoop(rest, env, out);
            }
            break;
          case LABELED_STATEMENT:
            {
              LabeledStatementTree l = (LabeledStatementTree) s;
              if (!isLoop(l.getStatement())) {
                throw cx.fail(l, Message.UNSUPPORTED_STATEMENT, "a label on a statement that is not a loop");
              }
              if (loop(l.getStatement(), l.getLabel().toString(), env, out)) {
                return afterEscapingLoop(rest, env, out);
              }
              break;
            }
          case BREAK:
            jump(s, ((BreakTree) s).getLabel(), true, env, out);
            return true;
          case CONTINUE:
            jump(s, ((ContinueTree) s).getLabel(), false, env, out);
            return true;
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
    Value v = expr(r.getExpression(), env, out);
    cx.add(out, new Stmt.Assign(cx.result, conversion(v, cx.returnType, r), cx.origin));
    if (!loops.isEmpty()) {
      // Leave every enclosing loop: flags first, then each loop's carried values.
      setFlag(env, RETURNED, true, out);
      for (LoopCtx l : loops) {
        setFlag(env, l.brkName, true, out);
      }
      for (LoopCtx l : loops) {
        carry(l, env, out);
      }
    }
  }

  /** An {@code if} without a return inside: both branches join and the code goes on after it. */
  private void plainIf(IfTree i, Env env, List<Stmt> out) {
    Value c = condition(i.getCondition(), env, out);
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
    Value c = condition(i.getCondition(), env, out);
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
  private void join(Env env, Env e1, List<Stmt> b1, Env e2, List<Stmt> b2) {
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

  // ---- Loops ------------------------------------------------------------------------------------

  /** The env name of the flag set by a return inside a loop. */
  private static final String RETURNED = "$returned";

  /** A loop being translated. */
  private static final class LoopCtx {
    final String label;
    final Tree tree;
    final int id;
    /** Env names of its flags: set to leave it, set to continue it from a nested loop; or null. */
    String brkName;
    String contName;
    /** The values carried from one iteration to the next: a header variable per local. */
    final Map<String, Var> header = new LinkedHashMap<>();
    /** Where {@code continue} goes: the update, then the end of the iteration. */
    Frame continueFrame;

    LoopCtx(String label, Tree tree, int id) {
      this.label = label;
      this.tree = tree;
      this.id = id;
    }
  }

  /** The enclosing loops, innermost first. */
  private final java.util.Deque<LoopCtx> loops = new java.util.ArrayDeque<>();
  private int loopIds;

  /**
   * A jump inside a scanned tree.
   *
   * @param breaks a break (else a continue, or a return when {@code target} is null)
   * @param target the loop it jumps out of or to; null for a return
   * @param inside whether the target is inside the scanned tree (the tree itself included)
   * @param crossed how many loops it leaves on the way to its target (not counting the target)
   */
  private record Jump(boolean breaks, Tree target, boolean inside, int crossed) {}

  /** The jumps in {@code root}, each with its target resolved (inside first, then enclosing loops). */
  private List<Jump> jumps(Tree root) {
    return jumps(root, null);
  }

  /** The jumps in {@code root}, a loop labelled {@code rootLabel} (or null). */
  private List<Jump> jumps(Tree root, String rootLabel) {
    List<Jump> out = new ArrayList<>();
    java.util.Deque<Object[]> inner = new java.util.ArrayDeque<>(); // {label, loop}
    new TreeScanner<Void, String>() {
      @Override
      public Void visitLabeledStatement(LabeledStatementTree node, String p) {
        return scan(node.getStatement(), node.getLabel().toString());
      }

      private Void loop(Tree node, String label, Runnable body) {
        inner.push(new Object[] {label, node});
        body.run();
        inner.pop();
        return null;
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree node, String label) {
        return loop(node, label, () -> super.visitWhileLoop(node, null));
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree node, String label) {
        return loop(node, label, () -> super.visitDoWhileLoop(node, null));
      }

      @Override
      public Void visitForLoop(ForLoopTree node, String label) {
        return loop(node, label, () -> super.visitForLoop(node, null));
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree node, String label) {
        return loop(node, label, () -> super.visitEnhancedForLoop(node, null));
      }

      @Override
      public Void visitBreak(BreakTree node, String p) {
        add(true, node.getLabel());
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree node, String p) {
        add(false, node.getLabel());
        return null;
      }

      @Override
      public Void visitReturn(ReturnTree node, String p) {
        out.add(new Jump(false, null, false, inner.size() + loops.size()));
        return null;
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, String p) {
        return null;
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree node, String p) {
        return null;
      }

      private void add(boolean breaks, javax.lang.model.element.Name label) {
        int crossed = 0;
        for (Object[] l : inner) {
          if (label == null || label.contentEquals((String) (l[0] == null ? "" : l[0]))) {
            out.add(new Jump(breaks, (Tree) l[1], true, crossed));
            return;
          }
          crossed++;
        }
        for (LoopCtx l : loops) {
          if (label == null || label.contentEquals(l.label == null ? "" : l.label)) {
            out.add(new Jump(breaks, l.tree, false, crossed));
            return;
          }
          crossed++;
        }
      }
    }.scan(root, rootLabel);
    return out;
  }

  /** Whether {@code t} contains a jump to somewhere outside it (a return, a break or continue of an enclosing loop). */
  private boolean leaves(Tree t) {
    for (Jump j : jumps(t)) {
      if (!j.inside()) {
        return true;
      }
    }
    return false;
  }

  /** Names of locals assigned in {@code t}. */
  private static Set<String> assignedNames(Tree t) {
    Set<String> names = new java.util.HashSet<>();
    new TreeScanner<Void, Void>() {
      private void target(ExpressionTree e) {
        while (e instanceof ParenthesizedTree p) {
          e = p.getExpression();
        }
        if (e instanceof IdentifierTree id) {
          names.add(id.getName().toString());
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void p) {
        target(node.getVariable());
        return super.visitAssignment(node, p);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
        target(node.getVariable());
        return super.visitCompoundAssignment(node, p);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void p) {
        switch (node.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> target(node.getExpression());
          default -> {}
        }
        return super.visitUnary(node, p);
      }
    }.scan(t, null);
    return names;
  }

  /** Assigns a new version of a flag. */
  private void setFlag(Env env, String name, boolean value, List<Stmt> out) {
    if (name == null) {
      return;
    }
    Var v = cx.vars.create(flagHint(name), Type.BOOLEAN, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(v, copy(Const.ofBoolean(value)), cx.origin));
    if (!env.declared.containsKey(name)) {
      env.declare(name, Type.BOOLEAN);
    }
    env.set(name, v);
  }

  private static String flagHint(String name) {
    if (name.startsWith("$brk")) {
      return "broke";
    }
    if (name.startsWith("$cont")) {
      return "continued";
    }
    if (name.startsWith("$idx")) {
      return "index";
    }
    return "returned";
  }

  /** The end of an iteration: each carried local's current value goes to its header variable. */
  private void carry(LoopCtx l, Env env, List<Stmt> out) {
    for (Map.Entry<String, Var> h : l.header.entrySet()) {
      Var current = env.values.get(h.getKey());
      if (current != null && current != h.getValue()) {
        cx.add(out, new Stmt.Assign(h.getValue(), copy(current), cx.origin));
      }
    }
  }

  /**
   * Translates a loop into the IR's one loop form, {@code while (true) { head; if (!cond) break;
   * body }}. Locals the loop assigns get header variables, copied at the end of every iteration
   * (each path's own). A {@code break} sets the loop's flag, which the head tests; a jump further
   * out sets the flags of every loop it leaves; a {@code continue} runs the update and ends the
   * iteration.
   *
   * @return whether a jump in the loop leaves it for a place outside (a return, a labelled jump)
   */
  private boolean loop(StatementTree s, String label, Env env, List<Stmt> out) {
    LoopCtx ctx = new LoopCtx(label, s, ++loopIds);
    List<Jump> js = jumps(s, label);
    boolean escapes = false;
    boolean needsBrk = false;
    boolean needsCont = false;
    Set<String> flags = new java.util.LinkedHashSet<>();
    for (Jump j : js) {
      escapes |= !j.inside();
      needsBrk |= !j.inside() || (j.breaks() && j.target() == s);
      needsCont |= !j.breaks() && j.target() == s && j.crossed() > 0;
      if (j.target() == null) {
        flags.add(RETURNED);
      }
      // Flags of enclosing loops this jump leaves, or continues from inside.
      if (!j.inside()) {
        for (LoopCtx l : loops) {
          boolean isTarget = j.target() == l.tree;
          if (!isTarget || j.breaks()) {
            if (l.brkName != null) {
              flags.add(l.brkName);
            }
          } else if (l.contName != null) {
            flags.add(l.contName);
          }
          if (isTarget) {
            break;
          }
        }
      }
    }

    // Initialisers and the array of a for-each are evaluated once, before the loop.
    Value array = null;
    String index = null;
    if (s instanceof ForLoopTree f) {
      for (StatementTree init : f.getInitializer()) {
        simple(init, env, out);
      }
    } else if (s instanceof EnhancedForLoopTree ef) {
      array = expr(ef.getExpression(), env, out);
      if (!array.type().isArray()) {
        throw cx.fail(ef.getExpression(), Message.BAD_OPERAND, "for-each", array.type().javaName());
      }
      index = "$idx" + ctx.id;
      setFlagInt(env, index, out);
    }
    if (needsBrk) {
      ctx.brkName = "$brk" + ctx.id;
      setFlag(env, ctx.brkName, false, out);
      flags.add(ctx.brkName);
    }
    if (needsCont) {
      ctx.contName = "$cont" + ctx.id;
      setFlag(env, ctx.contName, false, out);
      flags.add(ctx.contName);
    }

    Set<String> assigned = assignedNames(s);
    assigned.addAll(flags);
    if (index != null) {
      assigned.add(index);
    }
    for (Map.Entry<String, Type> d : env.declared.entrySet()) {
      String name = d.getKey();
      Var current = env.values.get(name);
      if (assigned.contains(name) && current != null) {
        Var h = cx.vars.create(name.startsWith("$") ? flagHint(name) : name, d.getValue(), Var.Role.LOCAL);
        cx.add(out, new Stmt.Assign(h, copy(current), cx.origin));
        env.set(name, h);
        ctx.header.put(name, h);
      }
    }

    Origin here = cx.origin;
    List<Stmt> head = new ArrayList<>();
    List<Stmt> body = new ArrayList<>();
    Value cond;
    loops.push(ctx);
    try {
      Frame end = Frame.of((e, o) -> {
        carry(ctx, e, o);
        return true;
      }, null);
      if (s instanceof DoWhileLoopTree dw) {
        // do { body } while (c): the whole body is the head; the test ends it.
        Var c = cx.vars.create("cond", Type.BOOLEAN, Var.Role.LOCAL);
        cx.add(head, new Stmt.Assign(c, copy(Const.ofBoolean(false)), here));
        ctx.continueFrame =
            Frame.of(
                (e, o) -> {
                  noElementAssignment(dw.getCondition());
                  Value test = condition(dw.getCondition(), e, o);
                  cx.add(o, new Stmt.Assign(c, copy(test), cx.origin));
                  carry(ctx, e, o);
                  return true;
                },
                null);
        run(new Frame(List.of(dw.getStatement()), 0, ctx.continueFrame), env.copy(), head);
        cond = c;
      } else {
        ExpressionTree test = null;
        StatementTree statement;
        Frame update;
        if (s instanceof WhileLoopTree w) {
          test = w.getCondition();
          statement = w.getStatement();
          update = end;
        } else if (s instanceof ForLoopTree f) {
          test = f.getCondition();
          statement = f.getStatement();
          update = new Frame(f.getUpdate(), 0, end);
        } else {
          EnhancedForLoopTree ef = (EnhancedForLoopTree) s;
          statement = ef.getStatement();
          String idx = index;
          update =
              Frame.of(
                  (e, o) -> {
                    Var next = cx.vars.create("index", Type.INT, Var.Role.LOCAL);
                    cx.add(o, new Stmt.Assign(next, new Expr.Apply(Op.ADD, Type.INT, List.of(e.values.get(idx), Const.of(Type.INT, 1)), false), cx.origin));
                    e.set(idx, next);
                    return false;
                  },
                  end);
        }
        ctx.continueFrame = update;
        cond = head(test, array, index, ctx, env, head);
        Frame first = new Frame(List.of(statement), 0, update);
        if (s instanceof EnhancedForLoopTree ef) {
          Value arr = array;
          String idx = index;
          first =
              Frame.of(
                  (e, o) -> {
                    element(ef.getVariable(), arr, e.values.get(idx), e, o);
                    return false;
                  },
                  first);
        }
        run(first, env.copy(), body);
      }
    } finally {
      loops.pop();
      cx.origin = here;
    }
    cx.add(out, new Stmt.Loop(head, cond, body, here));
    return escapes;
  }

  private void setFlagInt(Env env, String name, List<Stmt> out) {
    Var v = cx.vars.create("index", Type.INT, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(v, copy(Const.of(Type.INT, 0)), cx.origin));
    env.declare(name, Type.INT);
    env.set(name, v);
  }

  /** The loop test, behind the loop's flag when it has one. */
  private Value head(ExpressionTree test, Value array, String index, LoopCtx ctx, Env env, List<Stmt> head) {
    if (test != null) {
      noElementAssignment(test);
    }
    List<Stmt> stmts = new ArrayList<>();
    Map<String, Var> before = new HashMap<>(env.values);
    Value c;
    if (array != null) {
      Value length = cx.temp(new Expr.Apply(Op.LENGTH, Type.INT, List.of(array), false), stmts);
      c = cx.temp(new Expr.Apply(Op.LT, Type.BOOLEAN, List.of(env.values.get(index), length), false), stmts);
    } else if (test == null) {
      c = Const.ofBoolean(true);
    } else {
      c = condition(test, env, stmts);
    }
    if (ctx.brkName == null) {
      head.addAll(stmts);
      return c;
    }
    Value notBroken = cx.temp(new Expr.Apply(Op.NOT, Type.BOOLEAN, List.of(before.get(ctx.brkName)), false), head);
    Var joined = cx.vars.create("cond", Type.BOOLEAN, Var.Role.LOCAL);
    stmts.add(new Stmt.Assign(joined, copy(c), cx.origin));
    List<Stmt> broken = new ArrayList<>();
    broken.add(new Stmt.Assign(joined, copy(Const.ofBoolean(false)), cx.origin));
    // A test that assigns (i++ < n) runs only while the loop is not broken: after a break, the
    // locals it assigns keep their values from the body.
    for (String name : env.declared.keySet()) {
      Var old = before.get(name);
      Var now = env.values.get(name);
      if (old != null && now != null && old != now) {
        Var join = cx.vars.create(name, now.type(), Var.Role.LOCAL);
        stmts.add(new Stmt.Assign(join, copy(now), cx.origin));
        broken.add(new Stmt.Assign(join, copy(old), cx.origin));
        env.set(name, join);
      }
    }
    cx.add(head, new Stmt.If(notBroken, stmts, broken, cx.origin));
    return joined;
  }

  /**
   * Locals may be assigned in a loop test ({@code i++ < n}); array elements may not: the backward
   * sweep of a loop's head does not restore memory.
   */
  private void noElementAssignment(ExpressionTree test) {
    Tree store =
        new TreeScanner<Tree, Void>() {
          private Tree element(Tree node, ExpressionTree target) {
            while (target instanceof ParenthesizedTree p) {
              target = p.getExpression();
            }
            return target instanceof ArrayAccessTree ? node : null;
          }

          @Override
          public Tree visitAssignment(AssignmentTree node, Void p) {
            return reduce(element(node, node.getVariable()), super.visitAssignment(node, p));
          }

          @Override
          public Tree visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
            return reduce(element(node, node.getVariable()), super.visitCompoundAssignment(node, p));
          }

          @Override
          public Tree visitUnary(UnaryTree node, Void p) {
            Tree here =
                switch (node.getKind()) {
                  case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> element(node, node.getExpression());
                  default -> null;
                };
            return reduce(here, super.visitUnary(node, p));
          }

          @Override
          public Tree reduce(Tree a, Tree b) {
            return a != null ? a : b;
          }
        }.scan(test, null);
    if (store != null) {
      throw cx.fail(store, Message.UNSUPPORTED_EXPRESSION, "an assignment to an array element inside a loop condition", "; assign it in the loop's body");
    }
  }

  /** The for-each variable: {@code v = array[index]}. */
  private void element(VariableTree v, Value array, Value index, Env env, List<Stmt> out) {
    Type element = array.type().element();
    Type declared = declaredType(v, v.getType());
    Type type = declared == null ? element : declared;
    Value loaded = cx.temp(new Expr.Apply(Op.LOAD, element, List.of(array, index), false), out);
    String name = v.getName().toString();
    env.declare(name, type);
    Var version = cx.vars.create(name, type, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(version, conversion(loaded, type, v), cx.origin));
    env.set(name, version);
  }

  /**
   * After a loop that a jump may leave for an outer place: in a loop, the rest of the iteration
   * runs only if no such jump happened (a continue of this loop from inside runs the update); at
   * the top, the rest of the method runs only if the loop did not return.
   */
  private boolean afterEscapingLoop(Frame rest, Env env, List<Stmt> out) {
    LoopCtx enclosing = loops.peek();
    if (enclosing == null) {
      List<Stmt> cont = new ArrayList<>();
      boolean r = run(rest, env.copy(), cont);
      cx.add(out, new Stmt.If(env.values.get(RETURNED), List.of(), cont, cx.origin));
      return r;
    }
    List<Stmt> normal = new ArrayList<>();
    run(rest, env.copy(), normal);
    List<Stmt> notLeft = normal;
    if (enclosing.contName != null && env.values.get(enclosing.contName) != null) {
      List<Stmt> continued = new ArrayList<>();
      Env e = env.copy();
      setFlag(e, enclosing.contName, false, continued);
      run(enclosing.continueFrame, e, continued);
      notLeft = List.of(new Stmt.If(env.values.get(enclosing.contName), continued, normal, cx.origin));
    }
    if (enclosing.brkName != null) {
      cx.add(out, new Stmt.If(env.values.get(enclosing.brkName), List.of(), notLeft, cx.origin));
    } else {
      out.addAll(notLeft);
    }
    return true;
  }

  /** {@code break} or {@code continue}, with or without a label. */
  private void jump(StatementTree s, javax.lang.model.element.Name label, boolean isBreak, Env env, List<Stmt> out) {
    LoopCtx target = null;
    List<LoopCtx> left = new ArrayList<>();
    for (LoopCtx l : loops) {
      if (label == null || label.contentEquals(l.label == null ? "" : l.label)) {
        target = l;
        break;
      }
      left.add(l);
    }
    if (target == null) {
      throw cx.fail(s, Message.UNSUPPORTED_STATEMENT, (isBreak ? "break" : "continue") + " outside a loop");
    }
    if (!isBreak && left.isEmpty()) {
      run(target.continueFrame, env, out);
      return;
    }
    if (isBreak) {
      left.add(target);
    }
    for (LoopCtx l : left) {
      setFlag(env, l.brkName, true, out);
    }
    if (!isBreak) {
      setFlag(env, target.contName, true, out);
    }
    for (LoopCtx l : left) {
      carry(l, env, out);
    }
  }

  private void simple(StatementTree s, Env env, List<Stmt> out) {
    switch (s.getKind()) {
      case VARIABLE -> local((VariableTree) s, env, out);
      case EXPRESSION_STATEMENT -> {
        ExpressionTree e = ((ExpressionStatementTree) s).getExpression();
        switch (e.getKind()) {
          case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
              REMAINDER_ASSIGNMENT, PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT,
              POSTFIX_DECREMENT, AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT,
              RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> expr(e, env, out);
          case METHOD_INVOCATION -> {
            expr(e, env, out); // reports a call it cannot resolve (a void helper) first
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
      case SWITCH -> "a switch statement";
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
  private Type declaredType(VariableTree v, Tree typeTree) {
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
        init = arrayInitializer(na, declared, env, out);
      } else {
        init = expr(v.getInitializer(), env, out);
      }
    } catch (Abort a) {
      // Later uses of it must not report a second, misleading error.
      cx.poison(name, env);
      throw a;
    }
    Type type = declared == null ? init.type() : declared;
    env.declare(name, type);
    Var version = cx.vars.create(name, type, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(version, conversion(init, type, v), cx.origin));
    env.set(name, version);
  }

  // ---- Expressions ------------------------------------------------------------------------------

  private Value condition(ExpressionTree t, Env env, List<Stmt> out) {
    cx.checkPoisoned(t);
    Value c = expr(t, env, out);
    if (c.type() != Type.BOOLEAN) {
      throw cx.fail(t, Message.BAD_OPERAND, "a condition", c.type().javaName());
    }
    if (c instanceof Var v && v.role() != Var.Role.TEMP && !loops.isEmpty()) {
      // A local used as the condition may be reassigned in the branch it selects (in a loop, the
      // value carried to the next iteration): the backward sweep must branch on the value it had.
      return cx.temp(copy(v), out);
    }
    return c;
  }

  /** Assignment conversion of {@code v} to {@code target} (with a cast where Java narrows). */
  private Expr conversion(Value v, Type target, Tree at) {
    if (v.type() == target) {
      return copy(v);
    }
    if (!v.type().isNumeric() || !target.isNumeric()) {
      throw cx.fail(at, Message.BAD_OPERAND, "assignment to " + target.javaName(), v.type().javaName());
    }
    if (v instanceof Const c && c.value() != null && c.name() == null && target.isFloating()) {
      return copy(Const.of(target, c.asDouble()));
    }
    return new Expr.Apply(Op.CAST, target, List.of(v), false);
  }

  private Value convert(Value v, Type target, Tree at, List<Stmt> out) {
    Expr e = conversion(v, target, at);
    if (e instanceof Expr.Apply a && a.op() == Op.COPY) {
      return a.args().get(0);
    }
    return cx.temp(e, out);
  }

  private Value expr(ExpressionTree t, Env env, List<Stmt> out) {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return expr(((ParenthesizedTree) t).getExpression(), env, out);
      case INT_LITERAL:
        return Const.of(Type.INT, ((Number) ((LiteralTree) t).getValue()).intValue());
      case LONG_LITERAL:
        return new Const(Type.LONG, ((LiteralTree) t).getValue(), null, null);
      case FLOAT_LITERAL:
        return new Const(Type.FLOAT, ((LiteralTree) t).getValue(), null, null);
      case DOUBLE_LITERAL:
        return new Const(Type.DOUBLE, ((LiteralTree) t).getValue(), null, null);
      case BOOLEAN_LITERAL:
        return Const.ofBoolean((Boolean) ((LiteralTree) t).getValue());
      case CHAR_LITERAL:
        throw cx.fail(t, Message.UNSUPPORTED_LITERAL, "char");
      case STRING_LITERAL:
        throw cx.fail(t, Message.UNSUPPORTED_LITERAL, "String");
      case NULL_LITERAL:
        throw cx.fail(t, Message.NULL_LITERAL, "it stands elsewhere");
      case IDENTIFIER:
        return identifier((IdentifierTree) t, env);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) t, env, out);
      case UNARY_MINUS:
        {
          Value v = numeric(((UnaryTree) t).getExpression(), env, out, "-");
          if (v instanceof Const c && c.value() != null && c.name() == null) {
            return negate(c);
          }
          return cx.apply(Op.NEG, unaryPromote(v.type()), out, v);
        }
      case UNARY_PLUS:
        {
          Value v = numeric(((UnaryTree) t).getExpression(), env, out, "+");
          return convert(v, unaryPromote(v.type()), t, out);
        }
      case LOGICAL_COMPLEMENT:
        {
          Value v = condition(((UnaryTree) t).getExpression(), env, out);
          return cx.apply(Op.NOT, Type.BOOLEAN, out, v);
        }
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return increment((UnaryTree) t, env, out);
      case PLUS:
      case MINUS:
      case MULTIPLY:
      case DIVIDE:
      case REMAINDER:
        {
          BinaryTree b = (BinaryTree) t;
          Value l = expr(b.getLeftOperand(), env, out);
          Value r = expr(b.getRightOperand(), env, out);
          return arithmetic(arithmeticOp(t.getKind()), l, r, b, out);
        }
      case LESS_THAN:
      case LESS_THAN_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_EQUAL:
      case EQUAL_TO:
      case NOT_EQUAL_TO:
        return comparison((BinaryTree) t, env, out);
      case CONDITIONAL_AND:
      case CONDITIONAL_OR:
        return shortCircuit((BinaryTree) t, env, out);
      case AND:
      case OR:
      case XOR:
        return booleanOperator((BinaryTree) t, env, out);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) t, env, out);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) t, env, out);
      case TYPE_CAST:
        return cast((TypeCastTree) t, env, out);
      case ASSIGNMENT:
        {
          AssignmentTree a = (AssignmentTree) t;
          if (unparen(a.getVariable()) instanceof ArrayAccessTree element) {
            Element place = element(element, env, out);
            Value v = expr(a.getExpression(), env, out);
            return storeElement(place, v, a, out);
          }
          String name = assignable(a.getVariable(), env);
          Value v = expr(a.getExpression(), env, out);
          return store(name, v, env, out, a);
        }
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
        {
          CompoundAssignmentTree a = (CompoundAssignmentTree) t;
          if (unparen(a.getVariable()) instanceof ArrayAccessTree element) {
            Element place = element(element, env, out);
            Value old = cx.temp(new Expr.Apply(Op.LOAD, place.type(), List.of(place.array(), place.index()), false), out);
            Value v = expr(a.getExpression(), env, out);
            Value combined = arithmetic(compoundOp(t.getKind()), old, v, a, out);
            return storeElement(place, combined, a, out);
          }
          String name = assignable(a.getVariable(), env);
          Value old = read(name, env, a.getVariable());
          Value v = expr(a.getExpression(), env, out);
          Value combined = arithmetic(compoundOp(t.getKind()), old, v, a, out);
          return store(name, combined, env, out, a);
        }
      case NEW_CLASS:
        throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "object creation (new)", "; compute with primitive values");
      case NEW_ARRAY:
        return newArray((NewArrayTree) t, env, out);
      case ARRAY_ACCESS:
        {
          ArrayAccessTree a = (ArrayAccessTree) t;
          Value array = expr(a.getExpression(), env, out);
          Value index = index(a.getIndex(), env, out);
          if (!array.type().isArray()) {
            throw cx.fail(a, Message.BAD_OPERAND, "[]", array.type().javaName());
          }
          return cx.temp(new Expr.Apply(Op.LOAD, array.type().element(), List.of(array, index), false), out);
        }
      case LAMBDA_EXPRESSION:
        throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "a lambda expression", "; call a static @Differentiable method instead");
      case MEMBER_REFERENCE:
        throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "a method reference", "; call a static @Differentiable method instead");
      case INSTANCE_OF:
        throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "instanceof", "");
      case LEFT_SHIFT:
      case RIGHT_SHIFT:
      case UNSIGNED_RIGHT_SHIFT:
      case BITWISE_COMPLEMENT:
      case LEFT_SHIFT_ASSIGNMENT:
      case RIGHT_SHIFT_ASSIGNMENT:
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
      case AND_ASSIGNMENT:
      case OR_ASSIGNMENT:
      case XOR_ASSIGNMENT:
        throw cx.fail(t, Message.UNSUPPORTED_OPERATOR, operatorName(t), "; bitwise and shift operators have no derivative");
      default:
        throw cx.fail(
            t,
            Message.UNSUPPORTED_EXPRESSION,
            "this expression (" + t.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")",
            "");
    }
  }

  private static String operatorName(Tree t) {
    return switch (t.getKind()) {
      case LEFT_SHIFT -> "<<";
      case RIGHT_SHIFT -> ">>";
      case UNSIGNED_RIGHT_SHIFT -> ">>>";
      case BITWISE_COMPLEMENT -> "~";
      case LEFT_SHIFT_ASSIGNMENT -> "<<=";
      case RIGHT_SHIFT_ASSIGNMENT -> ">>=";
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> ">>>=";
      case AND_ASSIGNMENT -> "&=";
      case OR_ASSIGNMENT -> "|=";
      case XOR_ASSIGNMENT -> "^=";
      case AND -> "&";
      case OR -> "|";
      case XOR -> "^";
      default -> t.getKind().toString();
    };
  }

  private static Const negate(Const c) {
    return switch (c.type()) {
      case INT -> Const.of(Type.INT, -((Number) c.value()).intValue());
      case LONG -> new Const(Type.LONG, -((Number) c.value()).longValue(), null, null);
      case FLOAT -> new Const(Type.FLOAT, -((Number) c.value()).floatValue(), null, null);
      default -> Const.of(-c.asDouble());
    };
  }

  private static Type unaryPromote(Type t) {
    return t;
  }

  private Value numeric(ExpressionTree t, Env env, List<Stmt> out, String operator) {
    Value v = expr(t, env, out);
    if (!v.type().isNumeric()) {
      throw cx.fail(t, Message.BAD_OPERAND, operator, v.type().javaName());
    }
    return v;
  }

  private static Op arithmeticOp(Tree.Kind k) {
    return switch (k) {
      case PLUS -> Op.ADD;
      case MINUS -> Op.SUB;
      case MULTIPLY -> Op.MUL;
      case DIVIDE -> Op.DIV;
      default -> Op.REM;
    };
  }

  private static Op compoundOp(Tree.Kind k) {
    return switch (k) {
      case PLUS_ASSIGNMENT -> Op.ADD;
      case MINUS_ASSIGNMENT -> Op.SUB;
      case MULTIPLY_ASSIGNMENT -> Op.MUL;
      case DIVIDE_ASSIGNMENT -> Op.DIV;
      default -> Op.REM;
    };
  }

  private Value arithmetic(Op op, Value l, Value r, Tree at, List<Stmt> out) {
    if (!l.type().isNumeric() || !r.type().isNumeric()) {
      throw cx.fail(at, Message.BAD_OPERAND, op.symbol(), l.type().javaName() + " and " + r.type().javaName());
    }
    Type type = Type.promote(l.type(), r.type());
    Const folded = foldInteger(op, type, l, r);
    return folded != null ? folded : cx.apply(op, type, out, l, r);
  }

  /**
   * Integer arithmetic on literals, folded as javac folds constant expressions ({@code 1 / 8} is
   * 0), so that the derivative code sees the constant (a product with a constant 0 contributes
   * nothing). Division by zero is left to run time, where it throws as written.
   */
  private static Const foldInteger(Op op, Type type, Value l, Value r) {
    if ((type != Type.INT && type != Type.LONG)
        || !(l instanceof Const a) || !(r instanceof Const b)
        || a.value() == null || b.value() == null) {
      return null;
    }
    long x = ((Number) a.value()).longValue();
    long y = ((Number) b.value()).longValue();
    if ((op == Op.DIV || op == Op.REM) && y == 0) {
      return null;
    }
    if (type == Type.INT) {
      int i = (int) x;
      int j = (int) y;
      Integer v =
          switch (op) {
            case ADD -> i + j;
            case SUB -> i - j;
            case MUL -> i * j;
            case DIV -> i / j;
            case REM -> i % j;
            default -> null;
          };
      return v == null ? null : Const.of(Type.INT, v);
    }
    Long v =
        switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> x / y;
          case REM -> x % y;
          default -> null;
        };
    return v == null ? null : new Const(Type.LONG, v, null, null);
  }

  private Value comparison(BinaryTree b, Env env, List<Stmt> out) {
    Value l = expr(b.getLeftOperand(), env, out);
    Value r = expr(b.getRightOperand(), env, out);
    Op op =
        switch (b.getKind()) {
          case LESS_THAN -> Op.LT;
          case LESS_THAN_EQUAL -> Op.LE;
          case GREATER_THAN -> Op.GT;
          case GREATER_THAN_EQUAL -> Op.GE;
          case EQUAL_TO -> Op.EQ;
          default -> Op.NE;
        };
    boolean ok =
        (l.type().isNumeric() && r.type().isNumeric())
            || ((op == Op.EQ || op == Op.NE) && l.type() == Type.BOOLEAN && r.type() == Type.BOOLEAN);
    if (!ok) {
      throw cx.fail(b, Message.BAD_OPERAND, op.symbol(), l.type().javaName() + " and " + r.type().javaName());
    }
    return cx.apply(op, Type.BOOLEAN, out, l, r);
  }

  private Value booleanOperator(BinaryTree b, Env env, List<Stmt> out) {
    Value l = expr(b.getLeftOperand(), env, out);
    Value r = expr(b.getRightOperand(), env, out);
    if (l.type() != Type.BOOLEAN || r.type() != Type.BOOLEAN) {
      throw cx.fail(b, Message.UNSUPPORTED_OPERATOR, operatorName(b), " on " + l.type().javaName() + "; bitwise operators have no derivative");
    }
    Op op =
        switch (b.getKind()) {
          case AND -> Op.AND;
          case OR -> Op.OR;
          default -> Op.NE;
        };
    return cx.apply(op, Type.BOOLEAN, out, l, r);
  }

  /**
   * {@code a && b} and {@code a || b}. When {@code b} is cheap and safe (no call, no integer
   * division, no assignment), both operands are evaluated and combined; else {@code b} goes into
   * a branch, as Java evaluates it.
   */
  private Value shortCircuit(BinaryTree b, Env env, List<Stmt> out) {
    boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
    Value l = condition(b.getLeftOperand(), env, out);
    Env inner = env.copy();
    List<Stmt> rhs = new ArrayList<>();
    Value r = condition(b.getRightOperand(), inner, rhs);
    if (isSafe(rhs) && inner.values.equals(env.values)) {
      for (Stmt s : rhs) {
        cx.add(out, s);
      }
      return cx.apply(and ? Op.AND : Op.OR, Type.BOOLEAN, out, l, r);
    }
    Var j = cx.vars.create("c", Type.BOOLEAN, Var.Role.LOCAL);
    cx.add(rhs, new Stmt.Assign(j, copy(r), cx.origin));
    List<Stmt> other = new ArrayList<>();
    cx.add(other, new Stmt.Assign(j, copy(Const.ofBoolean(!and)), cx.origin));
    Env skipped = env.copy();
    if (and) {
      join(env, inner, rhs, skipped, other);
      cx.add(out, new Stmt.If(l, rhs, other, cx.origin));
    } else {
      join(env, skipped, other, inner, rhs);
      cx.add(out, new Stmt.If(l, other, rhs, cx.origin));
    }
    return j;
  }

  private static boolean isSafe(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (!(s instanceof Stmt.Assign a) || !(a.expr() instanceof Expr.Apply ap)) {
        return false;
      }
      if ((ap.op() == Op.DIV || ap.op() == Op.REM) && !ap.type().isFloating()) {
        return false; // division by zero throws
      }
      if (ap.op().kind() == Op.Kind.ARRAY) {
        return false; // an index out of bounds throws
      }
    }
    return true;
  }

  /** {@code c ? a : b}: a branch, so that only the selected operand is evaluated and differentiated. */
  private Value conditional(ConditionalExpressionTree t, Env env, List<Stmt> out) {
    Value c = condition(t.getCondition(), env, out);
    Env e1 = env.copy();
    Env e2 = env.copy();
    List<Stmt> b1 = new ArrayList<>();
    List<Stmt> b2 = new ArrayList<>();
    Value a;
    Value b;
    conditionalDepth++;
    try {
      a = expr(t.getTrueExpression(), e1, b1);
      b = expr(t.getFalseExpression(), e2, b2);
    } finally {
      conditionalDepth--;
    }
    Type type;
    if (a.type().isNumeric() && b.type().isNumeric()) {
      type = Type.promote(a.type(), b.type());
    } else if (a.type() == b.type()) {
      type = a.type();
    } else {
      throw cx.fail(t, Message.BAD_OPERAND, "?:", a.type().javaName() + " and " + b.type().javaName());
    }
    if ((conditionalDepth >= FLATTEN_CONDITIONALS_AT || selects(b1) || selects(b2)) && harmless(b1) && harmless(b2)) {
      // Deep in a nest of ?: with operands that cannot throw or change anything: both evaluated,
      // one selected, so that a nest 400 deep is straight-line code, not 400 nested blocks.
      Value ca = convert(a, type, t, b1);
      Value cb = convert(b, type, t, b2);
      out.addAll(b1); // counted once already, when they were added to their branch
      out.addAll(b2);
      return cx.temp(new Expr.Apply(Op.SELECT, type, List.of(c, ca, cb), false), out);
    }
    Var j = cx.vars.create("t", type, Var.Role.LOCAL);
    cx.add(b1, new Stmt.Assign(j, conversion(a, type, t), cx.origin));
    cx.add(b2, new Stmt.Assign(j, conversion(b, type, t), cx.origin));
    join(env, e1, b1, e2, b2);
    cx.add(out, new Stmt.If(c, b1, b2, cx.origin));
    return j;
  }

  /** How deep a {@code ?:} must be nested in others before it becomes a select. */
  private static final int FLATTEN_CONDITIONALS_AT = 4;

  private int conditionalDepth;

  /** Whether {@code block} computes a select (a flattened {@code ?:}). */
  private static boolean selects(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a && a.expr() instanceof Expr.Apply ap && ap.op() == Op.SELECT) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether evaluating {@code block} where its branch is not taken is harmless: only temporaries
   * of arithmetic, comparisons and {@code Math} functions on floating or integer values, without
   * integer division (which throws on 0), memory, calls or assignments to locals.
   */
  private static boolean harmless(List<Stmt> block) {
    for (Stmt s : block) {
      if (!(s instanceof Stmt.Assign a) || a.target().role() != Var.Role.TEMP || !(a.expr() instanceof Expr.Apply ap)) {
        return false;
      }
      Op.Kind kind = ap.op().kind();
      boolean integerDivision = (ap.op() == Op.DIV || ap.op() == Op.REM) && !ap.type().isFloating();
      if (kind == Op.Kind.ARRAY || integerDivision) {
        return false;
      }
    }
    return true;
  }

  private Value cast(TypeCastTree t, Env env, List<Stmt> out) {
    Type target = null;
    if (t.getType() instanceof PrimitiveTypeTree p) {
      target = Type.ofJavaName(p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (target == null || target == Type.BOOLEAN) {
      throw cx.fail(t.getType(), Message.UNSUPPORTED_CAST, t.getType().toString());
    }
    Value v = expr(t.getExpression(), env, out);
    if (!v.type().isNumeric()) {
      throw cx.fail(t, Message.BAD_OPERAND, "a cast to " + target.javaName(), v.type().javaName());
    }
    if (v.type() == target) {
      return v;
    }
    return cx.apply(Op.CAST, target, out, v);
  }

  private Value increment(UnaryTree t, Env env, List<Stmt> out) {
    boolean prefixed = t.getKind() == Tree.Kind.PREFIX_INCREMENT || t.getKind() == Tree.Kind.PREFIX_DECREMENT;
    boolean upward = t.getKind() == Tree.Kind.PREFIX_INCREMENT || t.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    if (unparen(t.getExpression()) instanceof ArrayAccessTree element) {
      Element place = element(element, env, out);
      Value old = cx.temp(new Expr.Apply(Op.LOAD, place.type(), List.of(place.array(), place.index()), false), out);
      if (!old.type().isNumeric()) {
        throw cx.fail(t, Message.BAD_OPERAND, "++/--", old.type().javaName());
      }
      Value updated = arithmetic(upward ? Op.ADD : Op.SUB, old, Const.of(Type.INT, 1), t, out);
      Value stored = storeElement(place, updated, t, out);
      return prefixed ? stored : old;
    }
    String name = assignable(t.getExpression(), env);
    Value old = read(name, env, t.getExpression());
    if (!old.type().isNumeric()) {
      throw cx.fail(t, Message.BAD_OPERAND, "++/--", old.type().javaName());
    }
    boolean up = t.getKind() == Tree.Kind.PREFIX_INCREMENT || t.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    Value updated = arithmetic(up ? Op.ADD : Op.SUB, old, Const.of(Type.INT, 1), t, out);
    Value stored = store(name, updated, env, out, t);
    boolean prefix = t.getKind() == Tree.Kind.PREFIX_INCREMENT || t.getKind() == Tree.Kind.PREFIX_DECREMENT;
    return prefix ? stored : old;
  }

  /** The local an assignment writes; anything else is an error. */
  private String assignable(ExpressionTree target, Env env) {
    if (target instanceof IdentifierTree id && env.declared.containsKey(id.getName().toString())) {
      return id.getName().toString();
    }
    throw cx.fail(target, Message.NOT_ASSIGNABLE, target.toString());
  }

  private Value store(String name, Value v, Env env, List<Stmt> out, Tree at) {
    Type type = env.declared.get(name);
    Var version = cx.vars.create(name, type, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(version, conversion(v, type, at), cx.origin));
    env.set(name, version);
    return version;
  }

  private Value read(String name, Env env, Tree at) {
    Var v = env.values.get(name);
    if (v == null) {
      throw cx.fail(at, Message.UNKNOWN_NAME, name);
    }
    return v;
  }

  private Value identifier(IdentifierTree id, Env env) {
    String name = id.getName().toString();
    if (env.declared.containsKey(name)) {
      return read(name, env, id);
    }
    VariableElement field = cx.resolver.unqualifiedField(name);
    if (field == null) {
      throw cx.fail(id, Message.UNKNOWN_NAME, name);
    }
    return constant(field, id);
  }

  private Value memberSelect(MemberSelectTree t, Env env, List<Stmt> out) {
    if (isValue(t.getExpression(), env)) {
      Value v = expr(t.getExpression(), env, out);
      if (v.type().isArray() && t.getIdentifier().contentEquals("length")) {
        return cx.temp(new Expr.Apply(Op.LENGTH, Type.INT, List.of(v), false), out);
      }
      throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "'." + t.getIdentifier() + "' on a " + v.type().javaName(), "");
    }
    TypeElement type = cx.resolver.type(t.getExpression());
    if (type != null) {
      VariableElement field = cx.resolver.field(type, t.getIdentifier().toString());
      if (field != null) {
        return constant(field, t);
      }
    }
    throw cx.fail(t, Message.UNKNOWN_NAME, t.toString());
  }

  private Value constant(VariableElement field, Tree at) {
    String qualified = ((TypeElement) field.getEnclosingElement()).getQualifiedName() + "." + field.getSimpleName();
    Set<Modifier> mods = field.getModifiers();
    if (!mods.contains(Modifier.STATIC) || !mods.contains(Modifier.FINAL)) {
      throw cx.fail(at, Message.NOT_CONSTANT_FIELD, qualified);
    }
    Type type = Resolver.typeOf(field.asType());
    if (type == null) {
      throw cx.fail(at, Message.UNSUPPORTED_FIELD_TYPE, qualified, field.asType().toString());
    }
    TypeElement ownerType = (TypeElement) field.getEnclosingElement();
    String pkg = cx.elements.getPackageOf(ownerType).getQualifiedName().toString();
    String qualifiedOwner = ownerType.getQualifiedName().toString();
    String owner = pkg + "/" + (pkg.isEmpty() ? qualifiedOwner : qualifiedOwner.substring(pkg.length() + 1));
    Object value = field.getConstantValue();
    if (value != null) {
      Object typed =
          switch (type) {
            case DOUBLE -> ((Number) value).doubleValue();
            case FLOAT -> ((Number) value).floatValue();
            case LONG -> ((Number) value).longValue();
            case INT -> ((Number) value).intValue();
            default -> value;
          };
      return Const.named(type, typed, owner, field.getSimpleName().toString());
    }
    if (mods.contains(Modifier.PRIVATE)) {
      throw cx.fail(at, Message.PRIVATE_FIELD, qualified);
    }
    return Const.named(type, null, owner, field.getSimpleName().toString());
  }

  // ---- Arrays -----------------------------------------------------------------------------------

  /** An array element being written. */
  private record Element(Value array, Value index, Type type, Tree root) {}

  /** Whether an expression denotes a value (a local, an element, a call's result), not a class. */
  private boolean isValue(ExpressionTree e, Env env) {
    e = unparen(e);
    if (e instanceof IdentifierTree id) {
      String name = id.getName().toString();
      return env.declared.containsKey(name) || cx.resolver.unqualifiedField(name) != null;
    }
    if (e instanceof MemberSelectTree ms) {
      TypeElement owner = cx.resolver.type(ms.getExpression());
      return owner != null && cx.resolver.field(owner, ms.getIdentifier().toString()) != null;
    }
    return e instanceof ArrayAccessTree || e instanceof MethodInvocationTree || e instanceof NewArrayTree;
  }

  private Value index(ExpressionTree t, Env env, List<Stmt> out) {
    Value i = expr(t, env, out);
    if (i.type() != Type.INT) {
      throw cx.fail(t, Message.BAD_OPERAND, "[]", "an index of type " + i.type().javaName() + " (an index must be an int)");
    }
    return i;
  }

  /** The array and index of an element about to be written; the array must not be a parameter's. */
  private Element element(ArrayAccessTree e, Env env, List<Stmt> out) {
    String root = rootName(e.getExpression());
    if (root != null && cx.aliases.contains(root)) {
      throw cx.fail(e, Message.PARAM_ARRAY_WRITE, root, root);
    }
    if (root == null || !env.declared.containsKey(root)) {
      throw cx.fail(e, Message.NOT_ASSIGNABLE, e.toString());
    }
    Value array = expr(e.getExpression(), env, out);
    if (!array.type().isArray()) {
      throw cx.fail(e, Message.BAD_OPERAND, "[]", array.type().javaName());
    }
    Value index = index(e.getIndex(), env, out);
    return new Element(array, index, array.type().element(), e);
  }

  private Value storeElement(Element place, Value v, Tree at, List<Stmt> out) {
    if (place.type().isArray()) {
      throw cx.fail(place.root(), Message.UNSUPPORTED_ROW_STORE);
    }
    Value converted = convert(v, place.type(), at, out);
    Stmt.Store store = new Stmt.Store(place.array(), place.index(), converted, cx.origin);
    cx.storeTrees.put(store, place.root());
    cx.add(out, store);
    return converted;
  }

  /** {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {a, b}}. */
  private Value newArray(NewArrayTree t, Env env, List<Stmt> out) {
    if (t.getType() == null) {
      throw cx.fail(t, Message.UNSUPPORTED_ARRAY, "an array initializer without new T[]");
    }
    String elementName = t.getType().toString().replaceAll("\\s+", "");
    int dims = t.getDimensions().size();
    if (t.getInitializers() != null) {
      return arrayInitializer(t, Type.ofJavaName(elementName + "[]"), env, out);
    }
    Type scalar = Type.ofJavaName(elementName);
    Type type = scalar == null ? null : scalar.arrayOf();
    if (dims == 2 && type != null) {
      type = type.arrayOf();
    }
    if (type == null || dims < 1 || dims > 2 || scalar.isArray()) {
      throw cx.fail(t, Message.UNSUPPORTED_ARRAY, "this array creation");
    }
    List<Value> sizes = new ArrayList<>();
    for (ExpressionTree d : t.getDimensions()) {
      sizes.add(index(d, env, out));
    }
    Op op = dims == 1 ? Op.NEW_ARRAY : Op.NEW_MATRIX;
    return cx.temp(new Expr.Apply(op, type, sizes, false), out);
  }

  /** {@code {a, b, c}} of a one-dimensional array type. */
  private Value arrayInitializer(NewArrayTree t, Type type, Env env, List<Stmt> out) {
    if (type != null && type.element().isArray() && !type.element().element().isArray()) {
      return matrixInitializer(t, type, env, out);
    }
    {
      if (type == null || type.element().isArray()) {
        throw cx.fail(t, Message.UNSUPPORTED_ARRAY, "this array initializer");
      }
      List<Value> values = new ArrayList<>();
      for (ExpressionTree init : t.getInitializers()) {
        values.add(convert(expr(init, env, out), type.element(), init, out));
      }
      Value array = cx.temp(new Expr.Apply(Op.NEW_ARRAY, type, List.of(Const.of(Type.INT, values.size())), false), out);
      for (int i = 0; i < values.size(); i++) {
        cx.add(out, new Stmt.Store(array, Const.of(Type.INT, i), values.get(i), cx.origin));
      }
      return array;
    }
  }

  /**
   * {@code {{a, b}, {c, d}}}: a rectangular matrix, its elements evaluated row by row as Java
   * does, then stored into a {@code new T[rows][columns]}. Rows of different lengths, or rows
   * that are not initializers ({@code {r, s}} of existing arrays), are not supported.
   */
  private Value matrixInitializer(NewArrayTree t, Type type, Env env, List<Stmt> out) {
    Type element = type.element().element();
    int columns = -1;
    for (ExpressionTree row : t.getInitializers()) {
      if (!(row instanceof NewArrayTree r) || r.getInitializers() == null || !r.getDimensions().isEmpty()) {
        throw cx.fail(row, Message.UNSUPPORTED_ARRAY, "a matrix row that is not an initializer {a, b}");
      }
      if (columns >= 0 && r.getInitializers().size() != columns) {
        throw cx.fail(row, Message.UNSUPPORTED_ARRAY, "a matrix initializer whose rows differ in length");
      }
      columns = r.getInitializers().size();
    }
    columns = Math.max(columns, 0);
    List<List<Value>> values = new ArrayList<>();
    for (ExpressionTree row : t.getInitializers()) {
      List<Value> rowValues = new ArrayList<>();
      for (ExpressionTree init : ((NewArrayTree) row).getInitializers()) {
        rowValues.add(convert(expr(init, env, out), element, init, out));
      }
      values.add(rowValues);
    }
    Value matrix =
        cx.temp(
            new Expr.Apply(
                Op.NEW_MATRIX, type, List.of(Const.of(Type.INT, values.size()), Const.of(Type.INT, columns)), false),
            out);
    for (int i = 0; i < values.size(); i++) {
      Value row = cx.temp(new Expr.Apply(Op.LOAD, type.element(), List.of(matrix, Const.of(Type.INT, i)), false), out);
      for (int j = 0; j < columns; j++) {
        cx.add(out, new Stmt.Store(row, Const.of(Type.INT, j), values.get(i).get(j), cx.origin));
      }
    }
    return matrix;
  }

  // ---- Calls ------------------------------------------------------------------------------------

  private Value call(MethodInvocationTree t, Env env, List<Stmt> out) {
    ExpressionTree select = t.getMethodSelect();
    String name;
    List<ExecutableElement> candidates;
    TypeElement qualifier = null;
    if (select instanceof MemberSelectTree ms && isValue(ms.getExpression(), env)) {
      Value v = expr(ms.getExpression(), env, out);
      if (v.type().isArray() && ms.getIdentifier().contentEquals("clone") && t.getArguments().isEmpty()) {
        return cx.temp(new Expr.Apply(Op.CLONE, v.type(), List.of(v), false), out);
      }
      throw cx.fail(
          ms.getExpression(),
          Message.UNSUPPORTED_EXPRESSION,
          "a method call on a value",
          "; only static methods and array clone() can be called (Math.sin(x), Other.f(x), a.clone())");
    }
    if (select instanceof MemberSelectTree ms) {
      name = ms.getIdentifier().toString();
      qualifier = cx.resolver.type(ms.getExpression());
      if (qualifier == null) {
        throw cx.fail(
            ms.getExpression(),
            Message.UNSUPPORTED_EXPRESSION,
            "a method call on a value",
            "; only static methods can be called (Math.sin(x), Other.f(x))");
      }
      candidates = Resolver.methods(qualifier, name);
    } else if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      candidates = cx.resolver.unqualifiedMethods(name);
    } else {
      throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "this call", "");
    }
    if (!t.getTypeArguments().isEmpty()) {
      throw cx.fail(t, Message.UNSUPPORTED_EXPRESSION, "a call with type arguments", "");
    }
    List<Value> args = new ArrayList<>();
    // A null argument stands for an array (of the chosen method's parameter type): a placeholder
    // until overload resolution has chosen the method.
    List<Integer> nulls = new ArrayList<>();
    for (ExpressionTree a : t.getArguments()) {
      if (a.getKind() == Tree.Kind.NULL_LITERAL) {
        nulls.add(args.size());
        args.add(null);
        continue;
      }
      Value v = expr(a, env, out);
      args.add(v);
    }
    // java.lang.Math and StrictMath functions with a derivative rule are operations of the graph.
    boolean math = false;
    boolean strict = false;
    if (!candidates.isEmpty()) {
      String owner = ((TypeElement) candidates.get(0).getEnclosingElement()).getQualifiedName().toString();
      math = owner.equals("java.lang.Math");
      strict = owner.equals("java.lang.StrictMath");
    }
    for (int k : nulls) {
      boolean array = false;
      for (ExecutableElement c : math || strict ? List.<ExecutableElement>of() : candidates) {
        Type p = c.getParameters().size() == args.size() ? Resolver.typeOf(c.getParameters().get(k).asType()) : null;
        array |= p != null && p.isArray();
      }
      if (!array) {
        throw cx.fail(t.getArguments().get(k), Message.NULL_LITERAL, "'" + name + "' has no array parameter in its place");
      }
    }
    if (math || strict) {
      Op op = Op.mathFunction(name, args.size());
      if (op == Op.SCALB && args.get(1).type() != Type.INT) {
        throw cx.fail(t.getArguments().get(1), Message.BAD_OPERAND, name, args.get(1).type().javaName() + " (the scale factor is an int)");
      }
      if (op != null) {
        for (int k = 0; k < args.size(); k++) {
          if (!args.get(k).type().isNumeric()) {
            throw cx.fail(t.getArguments().get(k), Message.BAD_OPERAND, name, args.get(k).type().javaName());
          }
        }
        List<Type> types = new ArrayList<>();
        for (Value v : args) {
          types.add(v.type());
        }
        return cx.temp(new Expr.Apply(op, MathTypes.resultType(op, types), args, strict), out);
      }
    }
    if (!candidates.isEmpty() && args.size() == 2 && (name.equals("max") || name.equals("min") || name.equals("sum"))) {
      String owner = ((TypeElement) candidates.get(0).getEnclosingElement()).getQualifiedName().toString();
      Type boxed = owner.equals("java.lang.Double") ? Type.DOUBLE : owner.equals("java.lang.Float") ? Type.FLOAT : null;
      if (boxed != null && args.get(0).type().widensTo(boxed) && args.get(1).type().widensTo(boxed)) {
        return boxedArithmetic(name, boxed, args, out);
      }
    }
    ExecutableElement m = choose(t, name, candidates, args);
    for (int k : nulls) {
      args.set(k, Const.nullOf(Resolver.typeOf(m.getParameters().get(k).asType())));
    }
    Type ret = Resolver.typeOf(m.getReturnType());
    if (ret == null) {
      throw cx.fail(t, Message.UNSUPPORTED_CALL_TYPE, name, m.getReturnType().toString());
    }
    if (m.getModifiers().contains(Modifier.PRIVATE)) {
      throw cx.fail(t, Message.PRIVATE_CALLEE, name, cx.gradClass);
    }
    Callee callee = cx.callees.describe(m);
    Expr.Call call = new Expr.Call(callee, Expr.Mode.PRIMAL, ret, args);
    cx.callTrees.put(call, t);
    cx.callSites.add(new CallSite(m, t));
    return cx.temp(call, out);
  }

  /**
   * {@code Double.max/min/sum} and {@code Float.max/min/sum}: {@code Math.max}, {@code Math.min}
   * and {@code +} of their operands converted to the class's type.
   */
  private Value boxedArithmetic(String name, Type type, List<Value> args, List<Stmt> out) {
    List<Value> converted = new ArrayList<>();
    for (Value v : args) {
      converted.add(v.type() == type ? v : cx.temp(new Expr.Apply(Op.CAST, type, List.of(v), false), out));
    }
    Op op = name.equals("sum") ? Op.ADD : Op.mathFunction(name, 2);
    return cx.temp(new Expr.Apply(op, type, converted, false), out);
  }

  /** Overload resolution by primitive widening (JLS 15.12.2, phase 1), among static methods. */
  private ExecutableElement choose(
      MethodInvocationTree t, String name, List<ExecutableElement> candidates, List<Value> args) {
    List<ExecutableElement> applicable = new ArrayList<>();
    boolean sawInstance = false;
    String unsupported = null;
    for (ExecutableElement m : candidates) {
      if (m.isVarArgs()) {
        unsupported = "a variable number of arguments (" + m.getParameters().get(m.getParameters().size() - 1).asType() + ")";
        continue;
      }
      if (m.getParameters().size() != args.size()) {
        continue;
      }
      if (!m.getModifiers().contains(Modifier.STATIC)) {
        sawInstance = true;
        continue;
      }
      boolean ok = true;
      for (int k = 0; k < args.size() && ok; k++) {
        Type p = Resolver.typeOf(m.getParameters().get(k).asType());
        if (p == null) {
          unsupported = m.getParameters().get(k).asType().toString();
          ok = false;
        } else if (args.get(k) == null ? !p.isArray() : !args.get(k).type().widensTo(p)) {
          ok = false; // (null, a placeholder, fits any array parameter)
        }
      }
      if (ok) {
        applicable.add(m);
      }
    }
    if (applicable.isEmpty()) {
      if (sawInstance) {
        throw cx.fail(t, Message.INSTANCE_CALLEE, name);
      }
      if (unsupported != null) {
        throw cx.fail(t, Message.UNSUPPORTED_CALL_TYPE, name, unsupported);
      }
      throw cx.fail(t, Message.UNKNOWN_METHOD, name, args.size());
    }
    List<ExecutableElement> best = new ArrayList<>();
    for (ExecutableElement m : applicable) {
      boolean mostSpecific = true;
      for (ExecutableElement o : applicable) {
        if (o != m && !moreSpecific(m, o)) {
          mostSpecific = false;
        }
      }
      if (mostSpecific) {
        best.add(m);
      }
    }
    if (best.size() != 1) {
      throw cx.fail(t, Message.AMBIGUOUS_METHOD, name);
    }
    return best.get(0);
  }

  private static boolean moreSpecific(ExecutableElement m, ExecutableElement o) {
    for (int k = 0; k < m.getParameters().size(); k++) {
      Type a = Resolver.typeOf(m.getParameters().get(k).asType());
      Type b = Resolver.typeOf(o.getParameters().get(k).asType());
      if (!Objects.requireNonNull(a).widensTo(Objects.requireNonNull(b))) {
        return false;
      }
    }
    return true;
  }

}
