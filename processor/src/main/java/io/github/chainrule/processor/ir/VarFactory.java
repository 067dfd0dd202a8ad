package io.github.chainrule.processor.ir;

/** Creates the variables of one function and of the functions derived from it, numbered in order. */
public final class VarFactory {
  private int next;

  public Var create(String hint, Type type, Var.Role role) {
    return new Var(next++, hint, type, role);
  }
}
