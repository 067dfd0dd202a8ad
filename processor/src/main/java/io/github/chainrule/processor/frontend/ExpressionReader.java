package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.ReadContext.copy;
import static io.github.chainrule.processor.frontend.ReadContext.unparen;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.ArrayReader.Element;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Expressions: literals, locals and constant fields, operators (arithmetic with Java's promotion
 * and constant folding, comparisons, {@code &&}, {@code ||}, {@code ?:}), casts, assignments
 * and increments, array reads and lengths. Element writes and array creation go to {@link
 * ArrayReader}, calls to {@link CallReader}. Each operation becomes one temporary of the IR.
 */
final class ExpressionReader {
  private final ReadContext cx;

  ExpressionReader(ReadContext cx) {
    this.cx = cx;
  }

  /** How deep a {@code ?:} must be nested in others before it becomes a select. */
  private static final int FLATTEN_CONDITIONALS_AT = 4;

  private int conditionalDepth;

  /**
   * A boolean expression: the condition of an if, a loop or a {@code ?:}, an operand of {@code
   * !}, {@code &&} or {@code ||}.
   */
  Value condition(ExpressionTree t, Env env, List<Stmt> out) {
    cx.checkPoisoned(t);
    Value c = expr(t, env, out);
    if (c.type() != Type.BOOLEAN) {
      throw cx.fail(t, Message.BAD_OPERAND, "a condition", c.type().javaName());
    }
    if (c instanceof Var v && v.role() != Var.Role.TEMP && cx.loops.inLoop()) {
      // A local used as the condition may be reassigned in the branch it selects (in a loop, the
      // value carried to the next iteration): the backward sweep must branch on the value it had.
      return cx.temp(copy(v), out);
    }
    return c;
  }

  /** Assignment conversion of {@code v} to {@code target} (with a cast where Java narrows). */
  Expr conversion(Value v, Type target, Tree at) {
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

  /** {@link #conversion} as a value: {@code v} itself where it has the target type already. */
  Value convert(Value v, Type target, Tree at, List<Stmt> out) {
    Expr e = conversion(v, target, at);
    if (e instanceof Expr.Apply a && a.op() == Op.COPY) {
      return a.args().get(0);
    }
    return cx.temp(e, out);
  }

  /** Reads an expression into {@code out}: its value is a constant, a local's version or a temporary. */
  Value expr(ExpressionTree t, Env env, List<Stmt> out) {
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
      case SWITCH_EXPRESSION:
        return cx.switches.expression((com.sun.source.tree.SwitchExpressionTree) t, env, out);
      case METHOD_INVOCATION:
        return cx.calls.call((MethodInvocationTree) t, env, out);
      case TYPE_CAST:
        return cast((TypeCastTree) t, env, out);
      case ASSIGNMENT:
        {
          AssignmentTree a = (AssignmentTree) t;
          if (unparen(a.getVariable()) instanceof ArrayAccessTree element) {
            Element place = cx.arrays.element(element, env, out);
            Value v = expr(a.getExpression(), env, out);
            return cx.arrays.storeElement(place, v, a, out);
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
            Element place = cx.arrays.element(element, env, out);
            Value old = cx.temp(new Expr.Apply(Op.LOAD, place.type(), List.of(place.array(), place.index()), false), out);
            Value v = expr(a.getExpression(), env, out);
            Value combined = arithmetic(compoundOp(t.getKind()), old, v, a, out);
            return cx.arrays.storeElement(place, combined, a, out);
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
        return cx.arrays.newArray((NewArrayTree) t, env, out);
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
      cx.statements.join(env, inner, rhs, skipped, other);
      cx.add(out, new Stmt.If(l, rhs, other, cx.origin));
    } else {
      cx.statements.join(env, skipped, other, inner, rhs);
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
    cx.statements.join(env, e1, b1, e2, b2);
    cx.add(out, new Stmt.If(c, b1, b2, cx.origin));
    return j;
  }

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
      Element place = cx.arrays.element(element, env, out);
      Value old = cx.temp(new Expr.Apply(Op.LOAD, place.type(), List.of(place.array(), place.index()), false), out);
      if (!old.type().isNumeric()) {
        throw cx.fail(t, Message.BAD_OPERAND, "++/--", old.type().javaName());
      }
      Value updated = arithmetic(upward ? Op.ADD : Op.SUB, old, Const.of(Type.INT, 1), t, out);
      Value stored = cx.arrays.storeElement(place, updated, t, out);
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

  /** Whether an expression denotes a value (a local, an element, a call's result), not a class. */
  boolean isValue(ExpressionTree e, Env env) {
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

  /** An array index or size, which must be an int. */
  Value index(ExpressionTree t, Env env, List<Stmt> out) {
    Value i = expr(t, env, out);
    if (i.type() != Type.INT) {
      throw cx.fail(t, Message.BAD_OPERAND, "[]", "an index of type " + i.type().javaName() + " (an index must be an int)");
    }
    return i;
  }
}
