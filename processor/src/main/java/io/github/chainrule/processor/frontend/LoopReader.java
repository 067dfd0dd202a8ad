package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.ReadContext.copy;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.StatementReader.Frame;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loops and the jumps out of them: every loop form becomes the IR's one loop, {@code while
 * (true) { head; if (!cond) break; body }}, with header variables for the locals it assigns;
 * {@code break}, {@code continue} and a {@code return} inside a loop set flags that the heads
 * and the code after each loop test.
 */
final class LoopReader {
  private final ReadContext cx;

  LoopReader(ReadContext cx) {
    this.cx = cx;
  }

  /** The env name of the flag set by a return inside a loop. */
  static final String RETURNED = "$returned";

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
   * A switch being translated: an unlabelled {@code break} directly inside it (not in a loop
   * inside it) goes to {@code end}, what follows the switch; a {@code yield} of a switch
   * expression goes to {@code yield}.
   */
  record SwitchCtx(
      Tree tree,
      Frame end,
      java.util.function.BiFunction<Env, List<Stmt>, Boolean> yield,
      java.util.function.BiConsumer<Env, List<Stmt>> leave) {}

  /**
   * A jump leaves the switches inside {@code until} (a loop or switch context; null: all): each
   * notes that this path did not reach its end.
   */
  void leaveSwitches(Object until, Env env, List<Stmt> out) {
    for (Object t : targets) {
      if (t == until) {
        return;
      }
      if (t instanceof SwitchCtx s && s.leave() != null) {
        s.leave().accept(env, out);
      }
    }
  }

  /** The enclosing loops and switches, innermost first: what a jump resolves against. */
  private final java.util.Deque<Object> targets = new java.util.ArrayDeque<>();

  /** Enters a switch: breaks (or yields) inside it now target it. */
  void enterSwitch(SwitchCtx s) {
    targets.push(s);
  }

  void leaveSwitch() {
    targets.pop();
  }

  /** The switch expression a {@code yield} goes to, or null (then it is in a loop in that switch, or nowhere). */
  SwitchCtx yieldTarget() {
    for (Object t : targets) {
      if (!(t instanceof SwitchCtx s)) {
        return null;
      }
      if (s.yield() != null) {
        return s;
      }
    }
    return null;
  }

  /**
   * A jump inside a scanned tree.
   *
   * @param breaks a break (else a continue, or a return when {@code target} is null)
   * @param target the loop it jumps out of or to; null for a return
   * @param inside whether the target is inside the scanned tree (the tree itself included)
   * @param crossed how many loops it leaves on the way to its target (not counting the target)
   */
  private record Jump(boolean breaks, Tree target, boolean inside, int crossed) {}

  /** Whether a loop is being translated. */
  boolean inLoop() {
    return !loops.isEmpty();
  }

  /** Whether {@code root} has a return inside a loop, which leaves it through {@link #RETURNED}. */
  boolean returnsFromLoop(Tree root) {
    for (Jump j : jumps(root)) {
      if (j.target() == null && j.crossed() > 0) {
        return true;
      }
    }
    return false;
  }

  /** A return in a loop leaves every enclosing loop. */
  void leaveForReturn(Env env, List<Stmt> out) {
    leaveSwitches(null, env, out);
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

  /** The jumps in {@code root}, each with its target resolved (inside first, then enclosing loops). */
  private List<Jump> jumps(Tree root) {
    return jumps(root, null);
  }

  /** Markers of a switch statement and a switch expression among the scanner's enclosing trees. */
  private static final String SWITCH = new String("switch");
  private static final String SWITCH_EXPRESSION = new String("switch expression");

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
      public Void visitSwitch(com.sun.source.tree.SwitchTree node, String label) {
        return inSwitch(SWITCH, node, node.getExpression(), node.getCases());
      }

      @Override
      public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree node, String label) {
        return inSwitch(SWITCH_EXPRESSION, node, node.getExpression(), node.getCases());
      }

      /** The selector outside, the cases inside the switch (a target for break, or yield). */
      private Void inSwitch(String mark, Tree node, ExpressionTree selector, List<? extends Tree> cases) {
        scan(selector, null);
        inner.push(new Object[] {mark, node});
        scan(cases, null);
        inner.pop();
        return null;
      }

      @Override
      public Void visitYield(com.sun.source.tree.YieldTree node, String p) {
        scan(node.getValue(), null);
        for (Object[] l : inner) {
          if (l[0] == SWITCH_EXPRESSION) {
            out.add(new Jump(true, (Tree) l[1], true, 0));
            return null;
          }
        }
        for (Object t : targets) {
          if (t instanceof SwitchCtx sw && sw.yield() != null) {
            out.add(new Jump(true, sw.tree(), false, 0));
            return null;
          }
        }
        return null;
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
        int crossed = loops.size();
        for (Object[] l : inner) {
          if (l[0] != SWITCH && l[0] != SWITCH_EXPRESSION) {
            crossed++;
          }
        }
        out.add(new Jump(false, null, false, crossed));
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
          if (l[0] == SWITCH || l[0] == SWITCH_EXPRESSION) {
            // An unlabelled break leaves the innermost switch; continue goes through it.
            if (breaks && label == null) {
              out.add(new Jump(true, (Tree) l[1], true, crossed));
              return;
            }
            continue;
          }
          if (label == null || label.contentEquals((String) (l[0] == null ? "" : l[0]))) {
            out.add(new Jump(breaks, (Tree) l[1], true, crossed));
            return;
          }
          crossed++;
        }
        for (Object t : targets) {
          if (t instanceof SwitchCtx sw) {
            if (breaks && label == null) {
              out.add(new Jump(true, sw.tree(), false, crossed));
              return;
            }
            continue;
          }
          LoopCtx l = (LoopCtx) t;
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
  boolean leaves(Tree t) {
    for (Jump j : jumps(t)) {
      if (!j.inside()) {
        return true;
      }
    }
    return false;
  }

  /** Names of locals assigned in {@code t}. */
  static Set<String> assignedNames(Tree t) {
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
  void setFlag(Env env, String name, boolean value, List<Stmt> out) {
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
  boolean loop(StatementTree s, String label, Env env, List<Stmt> out) {
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
        cx.statements.simple(init, env, out);
      }
    } else if (s instanceof EnhancedForLoopTree ef) {
      array = cx.expressions.expr(ef.getExpression(), env, out);
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
    targets.push(ctx);
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
                  Value test = cx.expressions.condition(dw.getCondition(), e, o);
                  cx.add(o, new Stmt.Assign(c, copy(test), cx.origin));
                  carry(ctx, e, o);
                  return true;
                },
                null);
        cx.statements.run(new Frame(List.of(dw.getStatement()), 0, ctx.continueFrame), env.copy(), head);
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
                    forEachVariable(ef.getVariable(), arr, e.values.get(idx), e, o);
                    return false;
                  },
                  first);
        }
        cx.statements.run(first, env.copy(), body);
      }
    } finally {
      loops.pop();
      targets.pop();
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
      c = cx.expressions.condition(test, env, stmts);
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
  private void forEachVariable(VariableTree v, Value array, Value index, Env env, List<Stmt> out) {
    Type element = array.type().element();
    Type declared = cx.statements.declaredType(v, v.getType());
    Type type = declared == null ? element : declared;
    Value loaded = cx.temp(new Expr.Apply(Op.LOAD, element, List.of(array, index), false), out);
    String name = v.getName().toString();
    env.declare(name, type);
    Var version = cx.vars.create(name, type, Var.Role.LOCAL);
    cx.add(out, new Stmt.Assign(version, cx.expressions.conversion(loaded, type, v), cx.origin));
    env.set(name, version);
  }

  /**
   * After a loop that a jump may leave for an outer place: in a loop, the rest of the iteration
   * runs only if no such jump happened (a continue of this loop from inside runs the update); at
   * the top, the rest of the method runs only if the loop did not return.
   */
  boolean afterEscapingLoop(Frame rest, Env env, List<Stmt> out) {
    LoopCtx enclosing = loops.peek();
    if (enclosing == null) {
      List<Stmt> cont = new ArrayList<>();
      boolean r = cx.statements.run(rest, env.copy(), cont);
      cx.add(out, new Stmt.If(env.values.get(RETURNED), List.of(), cont, cx.origin));
      return r;
    }
    List<Stmt> normal = new ArrayList<>();
    cx.statements.run(rest, env.copy(), normal);
    List<Stmt> notLeft = normal;
    if (enclosing.contName != null && env.values.get(enclosing.contName) != null) {
      List<Stmt> continued = new ArrayList<>();
      Env e = env.copy();
      setFlag(e, enclosing.contName, false, continued);
      cx.statements.run(enclosing.continueFrame, e, continued);
      notLeft = List.of(new Stmt.If(env.values.get(enclosing.contName), continued, normal, cx.origin));
    }
    if (enclosing.brkName != null) {
      cx.add(out, new Stmt.If(env.values.get(enclosing.brkName), List.of(), notLeft, cx.origin));
    } else {
      out.addAll(notLeft);
    }
    return true;
  }

  /**
   * {@code break} or {@code continue}, with or without a label. Returns true if every path from
   * here returned (the path ends here; a break out of a switch goes on with what follows it).
   */
  boolean jump(StatementTree s, javax.lang.model.element.Name label, boolean isBreak, Env env, List<Stmt> out) {
    LoopCtx target = null;
    List<LoopCtx> left = new ArrayList<>();
    for (Object t : targets) {
      if (t instanceof SwitchCtx sw) {
        if (isBreak && label == null) {
          if (sw.yield() != null) {
            throw cx.fail(s, Message.UNSUPPORTED_STATEMENT, "break out of a switch expression");
          }
          return cx.statements.run(sw.end(), env, out);
        }
        continue;
      }
      LoopCtx l = (LoopCtx) t;
      if (label == null || label.contentEquals(l.label == null ? "" : l.label)) {
        target = l;
        break;
      }
      left.add(l);
    }
    if (target == null) {
      throw cx.fail(s, Message.UNSUPPORTED_STATEMENT, (isBreak ? "break" : "continue") + " outside a loop");
    }
    leaveSwitches(target, env, out);
    if (!isBreak && left.isEmpty()) {
      cx.statements.run(target.continueFrame, env, out);
      return true;
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
    return true;
  }
}
