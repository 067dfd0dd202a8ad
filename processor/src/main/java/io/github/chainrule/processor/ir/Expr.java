package io.github.chainrule.processor.ir;

import java.util.List;

/** The right-hand side of an assignment: exactly one operation on operands (A-normal form). */
public sealed interface Expr permits Expr.Apply, Expr.Call {

  /** The result type. */
  Type type();

  /** The operands, in evaluation order. */
  List<Value> args();

  /**
   * One built-in operation.
   *
   * @param strict for {@link Op.Kind#MATH} operations: {@code StrictMath} instead of {@code Math}
   */
  record Apply(Op op, Type type, List<Value> args, boolean strict) implements Expr {
    public Apply {
      args = List.copyOf(args);
      if (args.size() != op.arity()) {
        throw new IllegalArgumentException(op + " takes " + op.arity() + " operands: " + args);
      }
    }
  }

  /** A call to a method; {@code mode} says which of the callee's forms is called. */
  record Call(Callee callee, Mode mode, Type type, List<Value> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** The forms of a called method. */
  enum Mode {
    /** The method itself: {@code args} are its arguments. */
    PRIMAL,
    /**
     * Its generated tangent: {@code args} are, for each parameter, the argument and, for a
     * differentiable parameter, the argument's tangent right after it.
     */
    TANGENT
  }
}
