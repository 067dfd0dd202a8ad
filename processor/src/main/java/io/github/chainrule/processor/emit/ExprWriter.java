package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.Map;

/** Writes IR operations as Java expressions, with the parentheses Java's precedence needs. */
final class ExprWriter {
  /** Precedence levels, higher binds tighter. */
  static final int PRIMARY = 16;

  static final int UNARY = 14;
  static final int CAST = 13;
  static final int MULTIPLICATIVE = 12;
  static final int ADDITIVE = 11;
  static final int RELATIONAL = 9;
  static final int EQUALITY = 8;
  static final int AND = 4;
  static final int OR = 3;
  static final int CONDITIONAL = 2;

  /** A written expression and the precedence of its top operator. */
  record Written(CodeBlock code, int precedence) {}

  private static final ClassName MATH = ClassName.get(Math.class);
  private static final ClassName STRICT_MATH = ClassName.get(StrictMath.class);

  private final Names names;
  /** Temporaries written in place of their single use. */
  private final Map<Var, Expr> inlined;
  /** The tape that lends local {@code double[]} arrays (in a pullback), or null. */
  private String tape;

  ExprWriter(Names names, Map<Var, Expr> inlined) {
    this.names = names;
    this.inlined = inlined;
  }

  void lendArraysFrom(String tape) {
    this.tape = tape;
  }

  CodeBlock value(Value v) {
    return write(v).code();
  }

  Written write(Value v) {
    if (v instanceof Var var) {
      Expr e = inlined.get(var);
      if (e != null) {
        return expr(e);
      }
      return new Written(CodeBlock.of("$N", names.of(var)), PRIMARY);
    }
    return constant((Const) v);
  }

  static Written constant(Const c) {
    if (c.isNull()) {
      return new Written(CodeBlock.of("null"), PRIMARY);
    }
    if (c.name() != null) {
      // Named constants: owner is "package/Outer.Inner". Those of java.lang keep their names
      // (Math.PI); other compile-time constants are written as their values.
      int slash = c.owner().indexOf('/');
      String pkg = slash < 0 ? "" : c.owner().substring(0, slash);
      ClassName owner = className(pkg, slash < 0 ? c.owner() : pkg + "." + c.owner().substring(slash + 1));
      if (c.value() == null || (pkg.equals("java.lang") && owner.enclosingClassName() == null)) {
        return new Written(CodeBlock.of("$T.$L", owner, c.name()), PRIMARY);
      }
    }
    Object v = c.value();
    String text;
    switch (c.type()) {
      case DOUBLE -> {
        double d = (Double) v;
        if (Double.isNaN(d)) {
          return new Written(CodeBlock.of("Double.NaN"), PRIMARY);
        }
        if (Double.isInfinite(d)) {
          return new Written(
              CodeBlock.of(d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY"), PRIMARY);
        }
        text = Double.toString(d);
      }
      case FLOAT -> {
        float f = (Float) v;
        if (Float.isNaN(f)) {
          return new Written(CodeBlock.of("Float.NaN"), PRIMARY);
        }
        if (Float.isInfinite(f)) {
          return new Written(
              CodeBlock.of(f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY"), PRIMARY);
        }
        text = Float.toString(f) + "f";
      }
      case LONG -> text = v + "L";
      case INT, BOOLEAN -> text = String.valueOf(v);
      default -> throw new IllegalStateException();
    }
    return new Written(CodeBlock.of("$L", text), text.startsWith("-") ? UNARY : PRIMARY);
  }

  Written expr(Expr e) {
    if (e instanceof Expr.Call call) {
      return call(call);
    }
    Expr.Apply a = (Expr.Apply) e;
    Op op = a.op();
    return switch (op.kind()) {
      case ARITHMETIC -> op == Op.NEG ? unary("-", a.args().get(0)) : binary(a, op);
      case COMPARISON -> binary(a, op);
      case LOGIC -> op == Op.NOT ? unary("!", a.args().get(0)) : binary(a, op);
      case CONVERSION -> conversion(a);
      case ARRAY -> array(a);
      case MATH -> {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.$L(", a.strict() ? STRICT_MATH : MATH, op.symbol());
        arguments(b, a.args());
        yield new Written(b.add(")").build(), PRIMARY);
      }
    };
  }

  private Written conversion(Expr.Apply a) {
    switch (a.op()) {
      case COPY:
        return write(a.args().get(0));
      case CAST:
        {
          Written w = write(a.args().get(0));
          return new Written(
              CodeBlock.of("($L) $L", a.type().javaName(), wrap(w, UNARY)), CAST);
        }
      case SELECT:
        {
          Written c = write(a.args().get(0));
          Written t = write(a.args().get(1));
          Written f = write(a.args().get(2));
          return new Written(
              CodeBlock.of(
                  "$L ? $L : $L",
                  wrap(c, CONDITIONAL + 1),
                  wrap(t, CONDITIONAL + 1),
                  wrap(f, CONDITIONAL)),
              CONDITIONAL);
        }
      default:
        throw new IllegalStateException(a.op().toString());
    }
  }

  private Written array(Expr.Apply a) {
    switch (a.op()) {
      case LOAD:
        return new Written(
            CodeBlock.of("$L[$L]", wrap(write(a.args().get(0)), PRIMARY), value(a.args().get(1))), PRIMARY);
      case LENGTH:
        return new Written(CodeBlock.of("$L.length", wrap(write(a.args().get(0)), PRIMARY)), PRIMARY);
      case CLONE:
        return new Written(CodeBlock.of("$L.clone()", wrap(write(a.args().get(0)), PRIMARY)), PRIMARY);
      case SNAPSHOT:
        if (!a.type().element().isArray()) {
          return new Written(CodeBlock.of("$L.clone()", wrap(write(a.args().get(0)), PRIMARY)), PRIMARY);
        }
        return new Written(
            CodeBlock.of("$T.copyOf($L)", ClassName.get("io.github.chainrule", "Adjoints"), value(a.args().get(0))),
            PRIMARY);
      case NEW_ARRAY:
        if (tape != null && a.type() == Type.DOUBLE_ARRAY) {
          return new Written(CodeBlock.of("$N.borrowDoubles($L)", tape, value(a.args().get(0))), PRIMARY);
        }
        return new Written(
            CodeBlock.of("new $L[$L]", a.type().element().javaName(), value(a.args().get(0))), PRIMARY);
      case NEW_MATRIX:
        return new Written(
            CodeBlock.of(
                "new $L[$L][$L]",
                a.type().scalar().javaName(),
                value(a.args().get(0)),
                value(a.args().get(1))),
            PRIMARY);
      default:
        throw new IllegalStateException(a.op().toString());
    }
  }

  private Written unary(String symbol, Value operand) {
    Written w = write(operand);
    // Parenthesise another unary operand: "- -x" must not become "--x".
    return new Written(CodeBlock.of("$L$L", symbol, wrap(w, UNARY + 1)), UNARY);
  }

  private Written binary(Expr.Apply a, Op op) {
    int p = precedence(op);
    Written l = write(a.args().get(0));
    Written r = write(a.args().get(1));
    // Left-associative: the right operand needs parentheses at equal precedence.
    return new Written(CodeBlock.of("$L $L $L", wrap(l, p), op.symbol(), wrap(r, p + 1)), p);
  }

  private static int precedence(Op op) {
    return switch (op) {
      case MUL, DIV, REM -> MULTIPLICATIVE;
      case ADD, SUB -> ADDITIVE;
      case LT, LE, GT, GE -> RELATIONAL;
      case EQ, NE -> EQUALITY;
      case AND -> AND;
      case OR -> OR;
      default -> throw new IllegalStateException(op.toString());
    };
  }

  private Written call(Expr.Call call) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (call.mode() == Expr.Mode.PRIMAL) {
      b.add("$T.$N(", className(call.callee().ownerPackage(), call.callee().owner()), call.callee().name());
    } else {
      b.add(
          "$T.$N(",
          className(call.callee().gradPackage(), call.callee().gradOwner()),
          call.callee().gradName() + "Tangent");
      Callee callee = call.callee();
      if (Signatures.packedTangent(callee.paramTypes(), callee.differentiable())) {
        packedTangentArguments(b, callee, call.args());
        return new Written(b.add(")").build(), PRIMARY);
      }
    }
    arguments(b, call.args());
    return new Written(b.add(")").build(), PRIMARY);
  }

  /** The class {@code qualified} of package {@code pkg}, nested classes included (any case). */
  static ClassName className(String pkg, String qualified) {
    String rest = pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
    String[] names = rest.split("\\.");
    return ClassName.get(pkg, names[0], java.util.Arrays.copyOfRange(names, 1, names.length));
  }

  /**
   * The arguments of a packed tangent (see {@link Signatures}): from the interleaved {@code (arg,
   * argDot)} list, the arguments, then a new array of the scalar tangents, then the arrays' tangents.
   */
  private void packedTangentArguments(CodeBlock.Builder b, Callee callee, java.util.List<Value> args) {
    java.util.List<Value> originals = new java.util.ArrayList<>();
    java.util.List<Value> scalarDots = new java.util.ArrayList<>();
    java.util.List<Value> arrayDots = new java.util.ArrayList<>();
    int k = 0;
    for (int i = 0; i < callee.paramTypes().size(); i++) {
      originals.add(args.get(k++));
      if (callee.differentiable().get(i)) {
        (callee.paramTypes().get(i).isArray() ? arrayDots : scalarDots).add(args.get(k++));
      }
    }
    arguments(b, originals);
    b.add(originals.isEmpty() ? "new double[] {" : ", new double[] {");
    arguments(b, scalarDots);
    b.add("}");
    for (Value v : arrayDots) {
      b.add(", $L", value(v));
    }
  }

  void arguments(CodeBlock.Builder b, java.util.List<Value> args) {
    for (int i = 0; i < args.size(); i++) {
      b.add(i == 0 ? "$L" : ", $L", value(args.get(i)));
    }
  }

  static CodeBlock wrap(Written w, int needed) {
    return w.precedence() >= needed ? w.code() : CodeBlock.of("($L)", w.code());
  }

  /** The default value a hoisted declaration starts with. */
  static String zero(Type t) {
    return switch (t) {
      case BOOLEAN -> "false";
      case INT -> "0";
      case LONG -> "0L";
      case FLOAT -> "0.0f";
      case DOUBLE -> "0.0";
      default -> "null";
    };
  }
}
