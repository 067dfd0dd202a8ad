package io.github.chainrule.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.MethodReader.CallSite;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.MathTypes;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.transform.Activity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Method calls: {@code Math} and {@code StrictMath} functions with a derivative rule become
 * operations of the graph, {@code Double}/{@code Float} {@code max}, {@code min} and {@code sum}
 * the arithmetic they stand for; any other callee is chosen among the static overloads by
 * primitive widening and becomes an IR call (a {@code @Differentiable} one with its derivative).
 * After reading, {@link #check} reports the calls that would lose a derivative.
 */
final class CallReader {
  private final ReadContext cx;

  CallReader(ReadContext cx) {
    this.cx = cx;
  }

  /** A call: an array's {@code clone()}, a {@code Math} function, boxed arithmetic, a static method. */
  Value call(MethodInvocationTree t, Env env, List<Stmt> out) {
    ExpressionTree select = t.getMethodSelect();
    String name;
    List<ExecutableElement> candidates;
    TypeElement qualifier = null;
    if (select instanceof MemberSelectTree ms && cx.expressions.isValue(ms.getExpression(), env)) {
      Value v = cx.expressions.expr(ms.getExpression(), env, out);
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
      Value v = cx.expressions.expr(a, env, out);
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

  /** Calls that would lose a derivative: a method without one, or a parameter excluded by wrt. */
  void check(Function f) {
    Activity activity = Activity.of(f);
    checkCalls(f.body(), activity);
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
}
