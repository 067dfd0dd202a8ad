package io.github.chainrule.processor.ir;

/**
 * A variable of the IR: a node of the computational graph whose value an operation defines.
 *
 * <p>Identity matters, not the name: the name is only a hint that the writer turns into a unique
 * Java identifier. Variables are created through a {@link VarFactory}, which numbers them in
 * creation order so that output is deterministic.
 */
public final class Var implements Value {

  /** What a variable stands for; the writer uses it to choose readable names and inlining. */
  public enum Role {
    /** A parameter of the original method. */
    PARAM,
    /** A local variable of the original method (one version of it). */
    LOCAL,
    /** A temporary introduced by A-normal form or by a transformation. */
    TEMP,
    /** An adjoint (reverse-mode derivative) accumulator. */
    ADJOINT,
    /** A tangent (forward-mode derivative). */
    TANGENT,
    /** A parameter that a transformation adds (seed, tangent of a parameter). */
    EXTRA_PARAM
  }

  private final int id;
  private final String hint;
  private final Type type;
  private final Role role;

  Var(int id, String hint, Type type, Role role) {
    this.id = id;
    this.hint = hint;
    this.type = type;
    this.role = role;
  }

  public int id() {
    return id;
  }

  public String hint() {
    return hint;
  }

  @Override
  public Type type() {
    return type;
  }

  public Role role() {
    return role;
  }

  @Override
  public String toString() {
    return hint + "#" + id;
  }
}
