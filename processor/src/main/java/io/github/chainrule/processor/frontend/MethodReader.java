package io.github.chainrule.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.Message;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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

  /** Thrown after an error has been reported, to skip the rest of the statement. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super(null, null, false, false);
    }
  }

  /** The IR may grow (early returns copy continuations); beyond this it is an error. */
  private static final int MAX_STATEMENTS = 50_000;

  private final Trees trees;
  private final CompilationUnitTree unit;
  private final ExecutableElement method;
  private final MethodTree tree;
  private final Reporter reporter;
  private final Resolver resolver;
  private final Callees callees;
  private final String gradClass;
  private final VarFactory vars = new VarFactory();
  private final Map<Expr.Call, Tree> callTrees = new IdentityHashMap<>();
  private final List<CallSite> callSites = new ArrayList<>();
  private final CharSequence source;
  private Type returnType;
  private Var result;
  private Origin origin = Origin.NONE;
  private int size;

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
    this.trees = trees;
    this.unit = unit;
    this.method = method;
    this.tree = tree;
    this.reporter = reporter;
    this.resolver = new Resolver(elements, owner, unit);
    this.callees = callees;
    this.gradClass = gradClass;
    CharSequence text;
    try {
      text = unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      text = null;
    }
    this.source = text;
  }

  public VarFactory vars() {
    return vars;
  }

  /** The calls of other methods found while reading. */
  public List<CallSite> callSites() {
    return callSites;
  }

  /**
   * Reads the method.
   *
   * @param differentiable the names of the parameters to differentiate with respect to
   * @return the IR, or null if errors were reported
   */
  public Function read(Set<String> differentiable) {
    int errorsBefore = reporter.errors();
    returnType = Resolver.typeOf(method.getReturnType());
    Env env = new Env();
    List<Function.Param> params = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      Type type = Resolver.typeOf(p.asType());
      Var v = vars.create(name, type, Var.Role.PARAM);
      params.add(new Function.Param(v, differentiable.contains(name)));
      env.declare(name, type);
      env.set(name, v);
    }
    result = vars.create("result", returnType, Var.Role.LOCAL);
    List<Stmt> body = new ArrayList<>();
    try {
      run(new Frame(tree.getBody().getStatements(), 0, null), env, body);
    } catch (TooLarge e) {
      reporter.error(tree, Message.TOO_LARGE, method.getSimpleName());
      return null;
    }
    if (reporter.errors() > errorsBefore) {
      return null;
    }
    finishReturn(body);
    Function f = new Function(method.getSimpleName().toString(), params, returnType, body);
    checkCalls(f);
    return reporter.errors() > errorsBefore ? null : f;
  }

  /** A body whose only return is its last statement returns that value directly. */
  private void finishReturn(List<Stmt> body) {
    int assignments = countAssignments(body, result);
    Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
    if (assignments == 1 && last instanceof Stmt.Assign a && a.target() == result) {
      body.remove(body.size() - 1);
      Var t = vars.create("t", returnType, Var.Role.TEMP);
      body.add(new Stmt.Assign(t, a.expr(), a.origin()));
      body.add(new Stmt.Return(t, a.origin()));
    } else {
      body.add(new Stmt.Return(result, Origin.NONE));
    }
  }

  private static int countAssignments(List<Stmt> block, Var v) {
    int n = 0;
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        n++;
      } else if (s instanceof Stmt.If i) {
        n += countAssignments(i.then(), v) + countAssignments(i.otherwise(), v);
      }
    }
    return n;
  }

  /** Calls that would lose a derivative: a method without one, or a parameter excluded by wrt. */
  private void checkCalls(Function f) {
    Activity activity = Activity.of(f);
    checkCalls(f.body(), activity);
  }

  private void checkCalls(List<Stmt> block, Activity activity) {
    for (Stmt s : block) {
      if (s instanceof Stmt.If i) {
        checkCalls(i.then(), activity);
        checkCalls(i.otherwise(), activity);
      } else if (s instanceof Stmt.Assign a && a.expr() instanceof Expr.Call call) {
        Callee c = call.callee();
        Tree at = callTrees.get(call);
        for (int k = 0; k < call.args().size(); k++) {
          if (!activity.isVaried(call.args().get(k))) {
            continue;
          }
          if (!c.isDifferentiable()) {
            if (call.type().isFloating()) {
              reporter.error(at, Message.NOT_DIFFERENTIABLE_CALL, displayName(c), k + 1);
              break;
            }
          } else if (!c.differentiable().get(k)) {
            reporter.error(
                at, Message.EXCLUDED_ARGUMENT, k + 1, displayName(c), displayName(c), paramName(call, k));
          }
        }
      }
    }
  }

  private String paramName(Expr.Call call, int k) {
    for (CallSite site : callSites) {
      if (site.tree() == callTrees.get(call)) {
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

  /** What is left to translate: statements from {@code pos}, then the enclosing frames. */
  private record Frame(List<? extends StatementTree> stmts, int pos, Frame next) {}

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  /** The names in scope: declared type and current version of each local. */
  private static final class Env {
    final Map<String, Type> declared = new LinkedHashMap<>();
    final Map<String, Var> values = new HashMap<>();

    void declare(String name, Type type) {
      declared.put(name, type);
      values.remove(name);
    }

    void set(String name, Var v) {
      values.put(name, v);
    }

    Env copy() {
      Env e = new Env();
      e.declared.putAll(declared);
      e.values.putAll(values);
      return e;
    }
  }

  private void add(List<Stmt> out, Stmt s) {
    if (++size > MAX_STATEMENTS) {
      throw new TooLarge();
    }
    out.add(s);
  }

  /** Translates the statements of {@code k}; true if every path through them returned. */
  private boolean run(Frame k, Env env, List<Stmt> out) {
    while (k != null) {
      if (k.pos() >= k.stmts().size()) {
        k = k.next();
        continue;
      }
      StatementTree s = k.stmts().get(k.pos());
      Frame rest = new Frame(k.stmts(), k.pos() + 1, k.next());
      Origin saved = origin;
      origin = originOf(s);
      try {
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
              if (containsReturn(i)) {
                return ifWithReturn(i, rest, env, out);
              }
              plainIf(i, env, out);
              break;
            }
          default:
            simple(s, env, out);
        }
      } catch (Abort a) {
        // Reported; go on with the next statement to report more errors in one build.
      } finally {
        origin = saved;
      }
      k = rest;
    }
    return false;
  }

  private void returnStatement(ReturnTree r, Env env, List<Stmt> out) {
    if (r.getExpression() == null) {
      throw fail(r, Message.UNSUPPORTED_STATEMENT, "return without a value");
    }
    Value v = expr(r.getExpression(), env, out);
    add(out, new Stmt.Assign(result, conversion(v, returnType, r), origin));
  }

  /** An {@code if} without a return inside: both branches join and the code goes on after it. */
  private void plainIf(IfTree i, Env env, List<Stmt> out) {
    Value c = condition(i.getCondition(), env, out);
    Origin here = origin;
    Env e1 = env.copy();
    Env e2 = env.copy();
    List<Stmt> b1 = new ArrayList<>();
    List<Stmt> b2 = new ArrayList<>();
    run(new Frame(List.of(i.getThenStatement()), 0, null), e1, b1);
    if (i.getElseStatement() != null) {
      run(new Frame(List.of(i.getElseStatement()), 0, null), e2, b2);
    }
    origin = here;
    join(env, e1, b1, e2, b2);
    add(out, new Stmt.If(c, b1, b2, here));
  }

  /**
   * An {@code if} with a return inside: the rest of the method is the continuation of each branch
   * (and so appears once per branch that can fall through into it).
   */
  private boolean ifWithReturn(IfTree i, Frame rest, Env env, List<Stmt> out) {
    Value c = condition(i.getCondition(), env, out);
    Origin here = origin;
    List<Stmt> b1 = new ArrayList<>();
    List<Stmt> b2 = new ArrayList<>();
    boolean r1 = run(new Frame(List.of(i.getThenStatement()), 0, rest), env.copy(), b1);
    List<StatementTree> otherwise =
        i.getElseStatement() == null ? List.of() : List.of(i.getElseStatement());
    boolean r2 = run(new Frame(otherwise, 0, rest), env.copy(), b2);
    origin = here;
    add(out, new Stmt.If(c, b1, b2, here));
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
        Var j = vars.create(name, d.getValue(), Var.Role.LOCAL);
        add(b1, new Stmt.Assign(j, copy(v1), origin));
        add(b2, new Stmt.Assign(j, copy(v2), origin));
        env.set(name, j);
      }
    }
  }

  private static Expr copy(Value v) {
    return new Expr.Apply(Op.COPY, v.type(), List.of(v), false);
  }

  private static boolean containsReturn(Tree t) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitReturn(ReturnTree node, Void p) {
            return true;
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(t, null);
    return Boolean.TRUE.equals(found);
  }

  private void simple(StatementTree s, Env env, List<Stmt> out) {
    switch (s.getKind()) {
      case VARIABLE -> local((VariableTree) s, env, out);
      case EXPRESSION_STATEMENT -> {
        ExpressionTree e = ((ExpressionStatementTree) s).getExpression();
        switch (e.getKind()) {
          case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
              REMAINDER_ASSIGNMENT, PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT,
              POSTFIX_DECREMENT -> expr(e, env, out);
          default -> throw fail(e, Message.DISCARDED_VALUE);
        }
      }
      case EMPTY_STATEMENT -> {}
      case FOR_LOOP, ENHANCED_FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP ->
          throw fail(s, Message.UNSUPPORTED_LOOP);
      default -> throw fail(s, Message.UNSUPPORTED_STATEMENT, describe(s));
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

  private void local(VariableTree v, Env env, List<Stmt> out) {
    String name = v.getName().toString();
    Tree typeTree = v.getType();
    Type declared;
    boolean inferred =
        typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"));
    if (inferred) {
      declared = null;
    } else if (typeTree instanceof PrimitiveTypeTree p) {
      declared = Type.ofJavaName(p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT));
      if (declared == null) {
        throw fail(typeTree, Message.UNSUPPORTED_LOCAL_TYPE, name, p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT));
      }
    } else {
      throw fail(typeTree, Message.UNSUPPORTED_LOCAL_TYPE, name, typeTree.toString());
    }
    if (v.getInitializer() == null) {
      if (declared == null) {
        throw fail(v, Message.MISSING_INITIALIZER);
      }
      env.declare(name, declared);
      return;
    }
    Value init;
    try {
      init = expr(v.getInitializer(), env, out);
    } catch (Abort a) {
      // Declare it anyway, so that later uses do not report a second, misleading error.
      Type t = declared == null ? Type.DOUBLE : declared;
      env.declare(name, t);
      env.set(name, vars.create(name, t, Var.Role.LOCAL));
      throw a;
    }
    Type type = declared == null ? init.type() : declared;
    env.declare(name, type);
    Var version = vars.create(name, type, Var.Role.LOCAL);
    add(out, new Stmt.Assign(version, conversion(init, type, v), origin));
    env.set(name, version);
  }

  // ---- Expressions ------------------------------------------------------------------------------

  private Value condition(ExpressionTree t, Env env, List<Stmt> out) {
    Value c = expr(t, env, out);
    if (c.type() != Type.BOOLEAN) {
      throw fail(t, Message.BAD_OPERAND, "a condition", c.type().javaName());
    }
    return c;
  }

  private Value temp(Expr e, List<Stmt> out) {
    Var t = vars.create(e.type() == Type.BOOLEAN ? "cond" : "t", e.type(), Var.Role.TEMP);
    add(out, new Stmt.Assign(t, e, origin));
    return t;
  }

  private Value apply(Op op, Type type, List<Stmt> out, Value... args) {
    return temp(new Expr.Apply(op, type, List.of(args), false), out);
  }

  /** Assignment conversion of {@code v} to {@code target} (with a cast where Java narrows). */
  private Expr conversion(Value v, Type target, Tree at) {
    if (v.type() == target) {
      return copy(v);
    }
    if (!v.type().isNumeric() || !target.isNumeric()) {
      throw fail(at, Message.BAD_OPERAND, "assignment to " + target.javaName(), v.type().javaName());
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
    return temp(e, out);
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
        throw fail(t, Message.UNSUPPORTED_LITERAL, "char");
      case STRING_LITERAL:
        throw fail(t, Message.UNSUPPORTED_LITERAL, "String");
      case NULL_LITERAL:
        throw fail(t, Message.UNSUPPORTED_LITERAL, "null");
      case IDENTIFIER:
        return identifier((IdentifierTree) t, env);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) t);
      case UNARY_MINUS:
        {
          Value v = numeric(((UnaryTree) t).getExpression(), env, out, "-");
          if (v instanceof Const c && c.value() != null && c.name() == null) {
            return negate(c);
          }
          return apply(Op.NEG, unaryPromote(v.type()), out, v);
        }
      case UNARY_PLUS:
        {
          Value v = numeric(((UnaryTree) t).getExpression(), env, out, "+");
          return convert(v, unaryPromote(v.type()), t, out);
        }
      case LOGICAL_COMPLEMENT:
        {
          Value v = condition(((UnaryTree) t).getExpression(), env, out);
          return apply(Op.NOT, Type.BOOLEAN, out, v);
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
          String name = assignable(a.getVariable(), env);
          Value old = read(name, env, a.getVariable());
          Value v = expr(a.getExpression(), env, out);
          Value combined = arithmetic(compoundOp(t.getKind()), old, v, a, out);
          return store(name, combined, env, out, a);
        }
      case NEW_CLASS:
        throw fail(t, Message.UNSUPPORTED_EXPRESSION, "object creation (new)", "; compute with primitive values");
      case NEW_ARRAY:
      case ARRAY_ACCESS:
        throw fail(t, Message.UNSUPPORTED_EXPRESSION, "array use", " yet; arrays come with loop support");
      case LAMBDA_EXPRESSION:
        throw fail(t, Message.UNSUPPORTED_EXPRESSION, "a lambda expression", "; call a static @Differentiable method instead");
      case MEMBER_REFERENCE:
        throw fail(t, Message.UNSUPPORTED_EXPRESSION, "a method reference", "; call a static @Differentiable method instead");
      case INSTANCE_OF:
        throw fail(t, Message.UNSUPPORTED_EXPRESSION, "instanceof", "");
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
        throw fail(t, Message.UNSUPPORTED_OPERATOR, operatorName(t), "; bitwise and shift operators have no derivative");
      default:
        throw fail(
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
      throw fail(t, Message.BAD_OPERAND, operator, v.type().javaName());
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
      throw fail(at, Message.BAD_OPERAND, op.symbol(), l.type().javaName() + " and " + r.type().javaName());
    }
    return apply(op, Type.promote(l.type(), r.type()), out, l, r);
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
      throw fail(b, Message.BAD_OPERAND, op.symbol(), l.type().javaName() + " and " + r.type().javaName());
    }
    return apply(op, Type.BOOLEAN, out, l, r);
  }

  private Value booleanOperator(BinaryTree b, Env env, List<Stmt> out) {
    Value l = expr(b.getLeftOperand(), env, out);
    Value r = expr(b.getRightOperand(), env, out);
    if (l.type() != Type.BOOLEAN || r.type() != Type.BOOLEAN) {
      throw fail(b, Message.UNSUPPORTED_OPERATOR, operatorName(b), " on " + l.type().javaName() + "; bitwise operators have no derivative");
    }
    Op op =
        switch (b.getKind()) {
          case AND -> Op.AND;
          case OR -> Op.OR;
          default -> Op.NE;
        };
    return apply(op, Type.BOOLEAN, out, l, r);
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
        add(out, s);
      }
      return apply(and ? Op.AND : Op.OR, Type.BOOLEAN, out, l, r);
    }
    Var j = vars.create("c", Type.BOOLEAN, Var.Role.LOCAL);
    add(rhs, new Stmt.Assign(j, copy(r), origin));
    List<Stmt> other = new ArrayList<>();
    add(other, new Stmt.Assign(j, copy(Const.ofBoolean(!and)), origin));
    Env skipped = env.copy();
    if (and) {
      join(env, inner, rhs, skipped, other);
      add(out, new Stmt.If(l, rhs, other, origin));
    } else {
      join(env, skipped, other, inner, rhs);
      add(out, new Stmt.If(l, other, rhs, origin));
    }
    return j;
  }

  private static boolean isSafe(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (!(s instanceof Stmt.Assign a) || !(a.expr() instanceof Expr.Apply ap)) {
        return false;
      }
      if ((ap.op() == Op.DIV || ap.op() == Op.REM) && !ap.type().isFloating()) {
        return false;
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
    Value a = expr(t.getTrueExpression(), e1, b1);
    Value b = expr(t.getFalseExpression(), e2, b2);
    Type type;
    if (a.type().isNumeric() && b.type().isNumeric()) {
      type = Type.promote(a.type(), b.type());
    } else if (a.type() == b.type()) {
      type = a.type();
    } else {
      throw fail(t, Message.BAD_OPERAND, "?:", a.type().javaName() + " and " + b.type().javaName());
    }
    Var j = vars.create("t", type, Var.Role.LOCAL);
    add(b1, new Stmt.Assign(j, conversion(a, type, t), origin));
    add(b2, new Stmt.Assign(j, conversion(b, type, t), origin));
    join(env, e1, b1, e2, b2);
    add(out, new Stmt.If(c, b1, b2, origin));
    return j;
  }

  private Value cast(TypeCastTree t, Env env, List<Stmt> out) {
    Type target = null;
    if (t.getType() instanceof PrimitiveTypeTree p) {
      target = Type.ofJavaName(p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (target == null || target == Type.BOOLEAN) {
      throw fail(t.getType(), Message.UNSUPPORTED_CAST, t.getType().toString());
    }
    Value v = expr(t.getExpression(), env, out);
    if (!v.type().isNumeric()) {
      throw fail(t, Message.BAD_OPERAND, "a cast to " + target.javaName(), v.type().javaName());
    }
    if (v.type() == target) {
      return v;
    }
    return apply(Op.CAST, target, out, v);
  }

  private Value increment(UnaryTree t, Env env, List<Stmt> out) {
    String name = assignable(t.getExpression(), env);
    Value old = read(name, env, t.getExpression());
    if (!old.type().isNumeric()) {
      throw fail(t, Message.BAD_OPERAND, "++/--", old.type().javaName());
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
    throw fail(target, Message.NOT_ASSIGNABLE, target.toString());
  }

  private Value store(String name, Value v, Env env, List<Stmt> out, Tree at) {
    Type type = env.declared.get(name);
    Var version = vars.create(name, type, Var.Role.LOCAL);
    add(out, new Stmt.Assign(version, conversion(v, type, at), origin));
    env.set(name, version);
    return version;
  }

  private Value read(String name, Env env, Tree at) {
    Var v = env.values.get(name);
    if (v == null) {
      throw fail(at, Message.UNKNOWN_NAME, name);
    }
    return v;
  }

  private Value identifier(IdentifierTree id, Env env) {
    String name = id.getName().toString();
    if (env.declared.containsKey(name)) {
      return read(name, env, id);
    }
    VariableElement field = resolver.unqualifiedField(name);
    if (field == null) {
      throw fail(id, Message.UNKNOWN_NAME, name);
    }
    return constant(field, id);
  }

  private Value memberSelect(MemberSelectTree t) {
    TypeElement type = resolver.type(t.getExpression());
    if (type != null) {
      VariableElement field = Resolver.field(type, t.getIdentifier().toString());
      if (field != null) {
        return constant(field, t);
      }
    }
    if (t.getIdentifier().contentEquals("length")) {
      throw fail(t, Message.UNSUPPORTED_EXPRESSION, "array use", " yet; arrays come with loop support");
    }
    throw fail(t, Message.UNKNOWN_NAME, t.toString());
  }

  private Value constant(VariableElement field, Tree at) {
    String qualified = ((TypeElement) field.getEnclosingElement()).getQualifiedName() + "." + field.getSimpleName();
    Set<Modifier> mods = field.getModifiers();
    if (!mods.contains(Modifier.STATIC) || !mods.contains(Modifier.FINAL)) {
      throw fail(at, Message.NOT_CONSTANT_FIELD, qualified);
    }
    Type type = Resolver.typeOf(field.asType());
    if (type == null) {
      throw fail(at, Message.UNSUPPORTED_FIELD_TYPE, qualified, field.asType().toString());
    }
    String owner = ((TypeElement) field.getEnclosingElement()).getQualifiedName().toString();
    Object value = field.getConstantValue();
    if (value != null) {
      Object typed =
          switch (type) {
            case DOUBLE -> ((Number) value).doubleValue();
            case FLOAT -> ((Number) value).floatValue();
            case LONG -> ((Number) value).longValue();
            case INT -> ((Number) value).intValue();
            case BOOLEAN -> value;
          };
      return Const.named(type, typed, owner, field.getSimpleName().toString());
    }
    if (mods.contains(Modifier.PRIVATE)) {
      throw fail(at, Message.PRIVATE_FIELD, qualified);
    }
    return Const.named(type, null, owner, field.getSimpleName().toString());
  }

  // ---- Calls ------------------------------------------------------------------------------------

  private Value call(MethodInvocationTree t, Env env, List<Stmt> out) {
    ExpressionTree select = t.getMethodSelect();
    String name;
    List<ExecutableElement> candidates;
    TypeElement qualifier = null;
    if (select instanceof MemberSelectTree ms) {
      name = ms.getIdentifier().toString();
      qualifier = resolver.type(ms.getExpression());
      if (qualifier == null) {
        throw fail(
            ms.getExpression(),
            Message.UNSUPPORTED_EXPRESSION,
            "a method call on a value",
            "; only static methods can be called (Math.sin(x), Other.f(x))");
      }
      candidates = Resolver.methods(qualifier, name);
    } else if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      candidates = resolver.unqualifiedMethods(name);
    } else {
      throw fail(t, Message.UNSUPPORTED_EXPRESSION, "this call", "");
    }
    if (!t.getTypeArguments().isEmpty()) {
      throw fail(t, Message.UNSUPPORTED_EXPRESSION, "a call with type arguments", "");
    }
    List<Value> args = new ArrayList<>();
    for (ExpressionTree a : t.getArguments()) {
      Value v = expr(a, env, out);
      if (!v.type().isNumeric() && v.type() != Type.BOOLEAN) {
        throw fail(a, Message.BAD_OPERAND, "an argument", v.type().javaName());
      }
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
    if (math || strict) {
      Op op = Op.mathFunction(name, args.size());
      if (op != null) {
        for (int k = 0; k < args.size(); k++) {
          if (!args.get(k).type().isNumeric()) {
            throw fail(t.getArguments().get(k), Message.BAD_OPERAND, name, args.get(k).type().javaName());
          }
        }
        List<Type> types = new ArrayList<>();
        for (Value v : args) {
          types.add(v.type());
        }
        return temp(new Expr.Apply(op, MathTypes.resultType(op, types), args, strict), out);
      }
    }
    ExecutableElement m = choose(t, name, candidates, args);
    Type ret = Resolver.typeOf(m.getReturnType());
    if (ret == null) {
      throw fail(t, Message.UNSUPPORTED_CALL_TYPE, name, m.getReturnType().toString());
    }
    if (m.getModifiers().contains(Modifier.PRIVATE)) {
      throw fail(t, Message.PRIVATE_CALLEE, name, gradClass);
    }
    Callee callee = callees.describe(m);
    Expr.Call call = new Expr.Call(callee, Expr.Mode.PRIMAL, ret, args);
    callTrees.put(call, t);
    callSites.add(new CallSite(m, t));
    return temp(call, out);
  }

  /** Overload resolution by primitive widening (JLS 15.12.2, phase 1), among static methods. */
  private ExecutableElement choose(
      MethodInvocationTree t, String name, List<ExecutableElement> candidates, List<Value> args) {
    List<ExecutableElement> applicable = new ArrayList<>();
    boolean sawInstance = false;
    String unsupported = null;
    for (ExecutableElement m : candidates) {
      if (m.getParameters().size() != args.size() || m.isVarArgs()) {
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
        } else if (!args.get(k).type().widensTo(p)) {
          ok = false;
        }
      }
      if (ok) {
        applicable.add(m);
      }
    }
    if (applicable.isEmpty()) {
      if (sawInstance) {
        throw fail(t, Message.INSTANCE_CALLEE, name);
      }
      if (unsupported != null) {
        throw fail(t, Message.UNSUPPORTED_CALL_TYPE, name, unsupported);
      }
      throw fail(t, Message.UNKNOWN_METHOD, name, args.size());
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
      throw fail(t, Message.AMBIGUOUS_METHOD, name);
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

  // ---- Positions and errors ---------------------------------------------------------------------

  private Abort fail(Tree at, Message message, Object... args) {
    reporter.error(at, message, args);
    return new Abort();
  }

  private Origin originOf(Tree t) {
    SourcePositions positions = trees.getSourcePositions();
    long start = positions.getStartPosition(unit, t);
    if (start < 0) {
      return Origin.NONE;
    }
    int line = (int) unit.getLineMap().getLineNumber(start);
    String text = "";
    if (source != null) {
      long end = positions.getEndPosition(unit, t);
      if (t instanceof IfTree i) {
        end = positions.getEndPosition(unit, i.getCondition());
      } else if (t instanceof MethodTree) {
        end = start;
      }
      if (end > start && end <= source.length()) {
        text = source.subSequence((int) start, (int) end).toString();
      }
    }
    text = text.replaceAll("\\s+", " ").trim();
    // A backslash-u in a line comment would be read as a Unicode escape by javac.
    text = text.replace("\\u", "\\ u");
    if (text.length() > 120) {
      text = text.substring(0, 117) + "...";
    }
    return new Origin(line, text, t);
  }
}
