package io.github.chainrule.processor.ir;

import java.util.List;

/** A statement of the structured IR. Blocks are lists of statements. */
public sealed interface Stmt permits Stmt.Assign, Stmt.If, Stmt.Return, Stmt.PullbackCall {

  Origin origin();

  /** {@code target = expr}: one node of the computational graph. */
  record Assign(Var target, Expr expr, Origin origin) implements Stmt {}

  /** {@code if (cond) then else otherwise}. */
  record If(Value cond, List<Stmt> then, List<Stmt> otherwise, Origin origin) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** Returns {@code value}; the last statement of a function body, and only there. */
  record Return(Value value, Origin origin) implements Stmt {}

  /**
   * Reverse mode through a call of a {@code @Differentiable} method: for each differentiable
   * parameter {@code i} of the callee with a non-null {@code adjoints.get(i)}, adds {@code seed *
   * d callee / d arg_i} to that adjoint. The writer calls the callee's generated pullback.
   */
  record PullbackCall(Callee callee, List<Value> args, Value seed, List<Var> adjoints, Origin origin)
      implements Stmt {
    public PullbackCall {
      args = List.copyOf(args);
      adjoints = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(adjoints));
    }
  }
}
