package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.ReadContext.copy;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.LoopReader.SwitchCtx;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code switch} statements and expressions, on an {@code int}, lowered to the IR's {@code If}
 * chain: {@code if (k == 1 || k == 2) entry1 else if (k == 3) entry3 else entryDefault}. An entry
 * is the case's statements followed, in the colon form, by those of the cases after it (fall
 * through); a {@code break} of the switch goes to what follows it. A switch that no jump leaves
 * joins its paths (a join variable per local it assigns); one with a {@code return}, a {@code
 * continue} or a jump out of an enclosing loop inside has the rest of the method (or iteration) as
 * each path's continuation, as an {@code if} with a return has. A switch expression joins its
 * paths and its value: each {@code yield} (or arrow expression) assigns a result variable of its
 * own type, converted to the switch's type after the chain.
 */
final class SwitchReader {
  private final ReadContext cx;

  SwitchReader(ReadContext cx) {
    this.cx = cx;
  }

  /** A case: its labels (none for default alone), whether it is default, its statements or arrow body. */
  private record Case(List<? extends ExpressionTree> labels, boolean isDefault, List<? extends StatementTree> stmts, Tree body) {}

  /** A switch statement that no jump leaves: its paths join after it. */
  void joined(SwitchTree s, Env env, List<Stmt> out) {
    Join join = new Join(env, LoopReader.assignedNames(s));
    Frame end =
        Frame.of(
            (e, o) -> {
              join.arrive(e, o);
              return true;
            },
            null);
    lower(s.getExpression(), s.getCases(), s, end, null, null, env, out);
    join.finish(env);
  }

  /**
   * A switch statement with a jump out of it (a return, a continue, a break of an enclosing loop):
   * the rest is each path's continuation. Returns true if every path returned.
   */
  boolean leaving(SwitchTree s, Frame rest, Env env, List<Stmt> out) {
    Join join = new Join(env, LoopReader.assignedNames(s));
    Var reached = cx.vars.create("reached", Type.BOOLEAN, Var.Role.LOCAL);
    Frame end =
        Frame.of(
            (e, o) -> {
              cx.add(o, new Stmt.Assign(reached, copy(Const.ofBoolean(true)), cx.origin));
              join.arrive(e, o);
              return true;
            },
            null);
    java.util.function.BiConsumer<Env, List<Stmt>> leave =
        (e, o) -> {
          cx.add(o, new Stmt.Assign(reached, copy(Const.ofBoolean(false)), cx.origin));
          join.leave(e, o);
        };
    lower(s.getExpression(), s.getCases(), s, end, null, leave, env, out);
    if (join.arrivals == 0) {
      return true; // every path left: nothing follows
    }
    join.finish(env);
    // The rest once, for the paths that reached the end (the others have left: returned, or
    // jumped to their loop, where their own flags and carried values stand).
    Value c = cx.temp(copy(reached), out);
    List<Stmt> cont = new ArrayList<>();
    boolean r = cx.statements.run(rest, env, cont);
    cx.add(out, new Stmt.If(c, cont, List.of(), cx.origin));
    return r;
  }

  /** A switch expression: its value, joined from every path (no jump can leave it). */
  Value expression(SwitchExpressionTree s, Env env, List<Stmt> out) {
    Join join = new Join(env, LoopReader.assignedNames(s));
    Result result = new Result();
    Frame end = Frame.of((e, o) -> true, null); // javac rejects an arm that completes without a value
    java.util.function.BiFunction<Env, List<Stmt>, Boolean> yielded =
        (e, o) -> {
          join.arrive(e, o);
          return true;
        };
    Origin here = cx.origin;
    List<Stmt> chain = new ArrayList<>();
    lower(s.getExpression(), s.getCases(), s, end, new Yield(result, yielded), null, env, chain);
    cx.origin = here;
    if (result.byType.size() > 1) {
      // Several result variables, read by one select: each starts at zero, so that every one is
      // assigned on every path. (One alone is assigned by every path.)
      for (Var r : result.byType.values()) {
        Value zero = r.type() == Type.BOOLEAN ? Const.ofBoolean(false) : Const.of(r.type(), 0);
        cx.add(out, new Stmt.Assign(r, copy(zero), here));
      }
      cx.add(out, new Stmt.Assign(result.tag(), copy(Const.of(Type.INT, -1)), here));
    }
    out.addAll(chain);
    join.finish(env);
    if (result.byType.isEmpty()) {
      throw new ReadContext.Abort(); // every arm failed, and was reported
    }
    Type type = null;
    for (Type t : result.byType.keySet()) {
      if (type == null) {
        type = t;
      } else if (t.isNumeric() && type.isNumeric()) {
        type = Type.promote(type, t);
      } else if (t != type) {
        throw cx.fail(s, Message.BAD_OPERAND, "switch", type.javaName() + " and " + t.javaName());
      }
    }
    if (type == Type.FLOAT && (result.byType.containsKey(Type.INT) || result.byType.containsKey(Type.LONG))) {
      // A switch expression in an assignment or call is a poly expression: each result converts
      // to the target type (int -> double exactly), not through float as a promotion would.
      throw cx.fail(s, Message.SWITCH_MIXED, result.byType.containsKey(Type.LONG) ? "long" : "int");
    }
    if (result.byType.size() == 1) {
      return cx.expressions.convert(result.byType.get(type), type, s, out);
    }
    // Several result types: the tag says which one this path assigned.
    Value v = null;
    int k = result.byType.size() - 1;
    List<Var> rs = new ArrayList<>(result.byType.values());
    for (int i = k; i >= 0; i--) {
      Value c = cx.expressions.convert(rs.get(i), type, s, out);
      if (v == null) {
        v = c;
      } else {
        Value test = cx.apply(Op.EQ, Type.BOOLEAN, out, result.tag(), Const.of(Type.INT, i));
        v = cx.temp(new Expr.Apply(Op.SELECT, type, List.of(test, c, v), false), out);
      }
    }
    return v;
  }

  /** {@code yield v}: the value goes to its switch expression's result, and the path ends. */
  boolean yield(YieldTree y, Env env, List<Stmt> out) {
    SwitchCtx target = cx.loops.yieldTarget();
    if (target == null) {
      throw cx.fail(y, Message.UNSUPPORTED_STATEMENT, "yield from inside a loop (assign a local in the loop, and yield it after)");
    }
    Value v = cx.expressions.expr(y.getValue(), env, out);
    cx.loops.leaveSwitches(target, env, out); // the switch statements it leaves on the way
    return ((Yield) target.yield()).give(v, y.getValue(), env, out);
  }

  /** The values a switch expression's paths give: one variable per type, and a tag saying which. */
  private final class Result {
    final Map<Type, Var> byType = new LinkedHashMap<>();
    boolean arrayReported;
    private Var tag;

    Var tag() {
      if (tag == null) {
        tag = cx.vars.create("arm", Type.INT, Var.Role.LOCAL);
      }
      return tag;
    }
  }

  /** Where a switch expression's {@code yield} goes. */
  private final class Yield implements java.util.function.BiFunction<Env, List<Stmt>, Boolean> {
    final Result result;
    final java.util.function.BiFunction<Env, List<Stmt>, Boolean> then;

    Yield(Result result, java.util.function.BiFunction<Env, List<Stmt>, Boolean> then) {
      this.result = result;
      this.then = then;
    }

    boolean give(Value v, Tree at, Env env, List<Stmt> out) {
      if (v.type().isArray()) {
        if (result.arrayReported) {
          throw new ReadContext.Abort();
        }
        result.arrayReported = true;
        throw cx.fail(at, Message.UNSUPPORTED_EXPRESSION, "a switch expression of an array type", "; switch on the index instead");
      }
      Var r = result.byType.computeIfAbsent(v.type(), t -> cx.vars.create("arm", t, Var.Role.LOCAL));
      cx.add(out, new Stmt.Assign(r, copy(v), cx.origin));
      int index = new ArrayList<>(result.byType.keySet()).indexOf(v.type());
      cx.add(out, new Stmt.Assign(result.tag(), copy(Const.of(Type.INT, index)), cx.origin));
      return then.apply(env, out);
    }

    @Override
    public Boolean apply(Env env, List<Stmt> out) {
      return then.apply(env, out);
    }
  }

  /**
   * The selector, the tests and the chain of entries, into {@code out}. {@code end} is what
   * follows the switch; {@code yield} is null for a statement. Returns true if every path returned.
   */
  private boolean lower(
      ExpressionTree selector,
      List<? extends CaseTree> caseTrees,
      Tree s,
      Frame end,
      Yield yield,
      java.util.function.BiConsumer<Env, List<Stmt>> leave,
      Env env,
      List<Stmt> out) {
    cx.checkPoisoned(selector);
    while (selector instanceof com.sun.source.tree.ParenthesizedTree p) {
      selector = p.getExpression();
    }
    for (CaseTree c : caseTrees) {
      for (ExpressionTree label : c.getExpressions()) {
        if (label.getKind() == Tree.Kind.STRING_LITERAL) {
          throw cx.fail(selector, Message.SWITCH_SELECTOR, "String");
        }
      }
    }
    Value sel = cx.expressions.expr(selector, env, out);
    if (sel.type() != Type.INT) {
      throw cx.fail(selector, Message.SWITCH_SELECTOR, sel.type().javaName());
    }
    List<Case> cases = new ArrayList<>();
    for (CaseTree c : caseTrees) {
      cases.add(readCase(c));
    }
    Origin here = cx.origin;
    // The tests, in order: sel == label for each label of each case.
    List<Value> tests = new ArrayList<>();
    for (Case c : cases) {
      Value test = null;
      for (ExpressionTree label : c.labels()) {
        Value v = cx.expressions.expr(label, env, out);
        if (v.type() != Type.INT) {
          throw cx.fail(label, Message.SWITCH_CASE, "a case label of type " + v.type().javaName());
        }
        Value eq = cx.apply(Op.EQ, Type.BOOLEAN, out, sel, v);
        test = test == null ? eq : cx.apply(Op.OR, Type.BOOLEAN, out, test, eq);
      }
      tests.add(test);
    }
    int defaultAt = -1;
    for (int i = 0; i < cases.size(); i++) {
      if (cases.get(i).isDefault()) {
        defaultAt = i;
      }
    }
    SwitchCtx ctx = new SwitchCtx(s, end, yield, leave);
    List<List<Stmt>> entries = new ArrayList<>();
    List<Stmt> otherwise = new ArrayList<>();
    boolean all = true;
    cx.loops.enterSwitch(ctx);
    try {
      for (int i = 0; i < cases.size(); i++) {
        List<Stmt> b = new ArrayList<>();
        entries.add(b);
        if (tests.get(i) == null && i != defaultAt) {
          continue;
        }
        List<Stmt> into = tests.get(i) == null ? otherwise : b;
        all &= cx.statements.run(entry(cases, i, end, yield), entryEnv(cases, i, env), into);
        cx.origin = here;
      }
      if (defaultAt < 0) {
        all &= cx.statements.run(end, env.copy(), otherwise);
      } else if (tests.get(defaultAt) != null) {
        // case 1, default: (javac allows default with other labels only for case null, default)
        all &= cx.statements.run(entry(cases, defaultAt, end, yield), entryEnv(cases, defaultAt, env), otherwise);
      }
    } finally {
      cx.loops.leaveSwitch();
      cx.origin = here;
    }
    List<Stmt> chain = otherwise;
    for (int i = cases.size() - 1; i >= 0; i--) {
      if (tests.get(i) != null) {
        chain = List.of(new Stmt.If(tests.get(i), entries.get(i), chain, here));
      }
    }
    for (Stmt st : chain) {
      cx.add(out, st);
    }
    return all;
  }

  /** What runs when the switch enters at case {@code i}. */
  private Frame entry(List<Case> cases, int i, Frame end, Yield yield) {
    Case c = cases.get(i);
    if (c.body() != null) {
      if (c.body() instanceof StatementTree st && !(c.body() instanceof ExpressionTree)) {
        if (c.body().getKind() == Tree.Kind.THROW && yield != null) {
          return Frame.of(
              (e, o) -> {
                throw cx.fail(c.body(), Message.SWITCH_THROW);
              },
              null);
        }
        return new Frame(List.of(st), 0, end);
      }
      // The arrow expression of a switch expression.
      ExpressionTree value = (ExpressionTree) c.body();
      return Frame.of(
          (e, o) -> {
            Origin saved = cx.origin;
            cx.origin = cx.originOf(value);
            try {
              cx.checkPoisoned(value);
              Value v = cx.expressions.expr(value, e, o);
              return yield.give(v, value, e, o);
            } catch (ReadContext.Abort a) {
              return true;
            } finally {
              cx.origin = saved;
            }
          },
          null);
    }
    Frame f = end;
    for (int j = cases.size() - 1; j >= i; j--) {
      f = new Frame(cases.get(j).stmts(), 0, f);
    }
    return f;
  }

  /**
   * The env at an entry: a local declared in an earlier case of the colon form is in scope, not
   * assigned.
   */
  private static Env entryEnv(List<Case> cases, int i, Env env) {
    Env e = env.copy();
    for (int j = 0; j < i; j++) {
      List<? extends StatementTree> stmts = cases.get(j).stmts();
      if (stmts == null) {
        continue;
      }
      for (StatementTree st : stmts) {
        if (st instanceof VariableTree v && (v.getType() instanceof PrimitiveTypeTree || v.getType() instanceof com.sun.source.tree.ArrayTypeTree)) {
          Type t = Type.ofJavaName(v.getType().toString().replaceAll("\\s+", ""));
          if (t != null) {
            e.declare(v.getName().toString(), t);
          }
        }
      }
    }
    return e;
  }

  /** A case's labels, checked: int constants or default; no pattern, no null, no guard. */
  private Case readCase(CaseTree c) {
    boolean isDefault = false;
    List<? extends Tree> labels = labels(c);
    if (labels == null) {
      isDefault = c.getExpressions().isEmpty();
    } else {
      for (Tree l : labels) {
        String kind = l.getKind().name();
        if (kind.equals("DEFAULT_CASE_LABEL")) {
          isDefault = true;
        } else if (!kind.equals("CONSTANT_CASE_LABEL") && !(l instanceof ExpressionTree)) {
          throw cx.fail(l, Message.SWITCH_CASE, "a pattern case");
        }
      }
    }
    for (ExpressionTree e : c.getExpressions()) {
      if (e.getKind() == Tree.Kind.NULL_LITERAL) {
        throw cx.fail(e, Message.SWITCH_CASE, "case null");
      }
    }
    Tree guard = guard(c);
    if (guard != null) {
      throw cx.fail(guard, Message.SWITCH_CASE, "a guard (when)");
    }
    if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
      return new Case(c.getExpressions(), isDefault, null, c.getBody());
    }
    return new Case(c.getExpressions(), isDefault, c.getStatements(), null);
  }

  /** {@code CaseTree.getLabels()} (a preview API on JDK 17), or null where there is none. */
  @SuppressWarnings("unchecked")
  private static List<? extends Tree> labels(CaseTree c) {
    try {
      return (List<? extends Tree>) CaseTree.class.getMethod("getLabels").invoke(c);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** {@code CaseTree.getGuard()} (JDK 21), or null. */
  private static Tree guard(CaseTree c) {
    try {
      return (Tree) CaseTree.class.getMethod("getGuard").invoke(c);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The join of a switch's paths: each local declared before it and assigned in it gets a join
   * variable, assigned where each path arrives at the end.
   */
  private final class Join {
    private final Map<String, Var> vars = new LinkedHashMap<>();
    private final Set<String> missing = new HashSet<>();
    int arrivals;

    Join(Env env, Set<String> assigned) {
      for (Map.Entry<String, Type> d : env.declared.entrySet()) {
        if (assigned.contains(d.getKey())) {
          vars.put(d.getKey(), cx.vars.create(d.getKey(), d.getValue(), Var.Role.LOCAL));
        }
      }
    }

    void arrive(Env e, List<Stmt> o) {
      arrivals++;
      for (Map.Entry<String, Var> j : vars.entrySet()) {
        Var current = e.values.get(j.getKey());
        if (current == null) {
          missing.add(j.getKey());
        } else {
          cx.add(o, new Stmt.Assign(j.getValue(), copy(current), cx.origin));
        }
      }
    }

    /**
     * A path that leaves the switch (a return, a jump to a loop outside it): its join variables
     * get a value all the same (never read there), so that every path assigns them.
     */
    void leave(Env e, List<Stmt> o) {
      for (Map.Entry<String, Var> j : vars.entrySet()) {
        Var current = e.values.get(j.getKey());
        Type t = j.getValue().type();
        if (current != null) {
          cx.add(o, new Stmt.Assign(j.getValue(), copy(current), cx.origin));
        } else if (t == Type.BOOLEAN) {
          cx.add(o, new Stmt.Assign(j.getValue(), copy(Const.ofBoolean(false)), cx.origin));
        } else if (t.isNumeric()) {
          cx.add(o, new Stmt.Assign(j.getValue(), copy(Const.of(t, 0)), cx.origin));
        }
      }
    }

    void finish(Env env) {
      if (arrivals == 0) {
        return;
      }
      for (Map.Entry<String, Var> j : vars.entrySet()) {
        if (missing.contains(j.getKey())) {
          env.values.remove(j.getKey()); // not definitely assigned: Java rejects any read
        } else {
          env.set(j.getKey(), j.getValue());
        }
      }
    }
  }
}
