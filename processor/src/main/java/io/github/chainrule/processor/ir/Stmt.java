package io.github.chainrule.processor.ir;

import java.util.List;

/** A statement of the structured IR. Blocks are lists of statements. */
public sealed interface Stmt
    permits Stmt.Assign,
        Stmt.If,
        Stmt.Return,
        Stmt.PullbackCall,
        Stmt.Store,
        Stmt.Loop,
        Stmt.Repeat,
        Stmt.Push,
        Stmt.Pop,
        Stmt.AddArray {

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

  /** {@code array[index] = value}: writes memory. */
  record Store(Value array, Value index, Value value, Origin origin) implements Stmt {}

  /**
   * {@code while (true) { head; if (!cond) break; body }}: every loop of the source (for, while,
   * do-while, for-each) in one form. {@code break}, {@code continue} and {@code return} inside are
   * lowered by the front end to flags and branches, so every iteration runs head and body as
   * structured code, and the loop ends only at its test.
   */
  record Loop(List<Stmt> head, Value cond, List<Stmt> body, Origin origin) implements Stmt {
    public Loop {
      head = List.copyOf(head);
      body = List.copyOf(body);
    }
  }

  /** Runs {@code body} {@code count} times: the backward sweep of a loop. */
  record Repeat(Value count, List<Stmt> body, Origin origin) implements Stmt {
    public Repeat {
      body = List.copyOf(body);
    }
  }

  /** Saves {@code value} on the tape (before a loop overwrites it). */
  record Push(Value value, Origin origin) implements Stmt {}

  /** Restores {@code target} from the tape. */
  record Pop(Var target, Origin origin) implements Stmt {}

  /** {@code target[i] += source[i]} for every i: the adjoint of a clone. */
  record AddArray(Var target, Var source, Origin origin) implements Stmt {}

  /** Returns {@code value}; the last statement of a function body, and only there. */
  record Return(Value value, Origin origin) implements Stmt {}

  /**
   * Reverse mode through a call of a {@code @Differentiable} method: for each differentiable
   * parameter {@code i} of the callee with a non-null {@code adjoints.get(i)}, adds {@code seed *
   * d callee / d arg_i} to that adjoint (for an array argument, {@code adjoints.get(i)} is the
   * argument's shadow array, which the callee's pullback accumulates into). The writer calls the
   * callee's generated pullback.
   */
  record PullbackCall(Callee callee, List<Value> args, Value seed, List<Var> adjoints, Origin origin)
      implements Stmt {
    public PullbackCall {
      args = List.copyOf(args);
      adjoints = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(adjoints));
    }
  }
}
