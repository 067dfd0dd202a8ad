package io.github.chainrule.processor.ir;

import java.util.List;

/**
 * A function of the IR: parameters, a structured body in A-normal form, and a result. The front
 * end's output, and the output of every transformation.
 *
 * @param name the original method's name
 * @param params the parameters, in order
 * @param returnType the result type
 * @param body the statements; the last one is the only {@link Stmt.Return}
 */
public record Function(String name, List<Param> params, Type returnType, List<Stmt> body) {

  public Function {
    params = List.copyOf(params);
    body = List.copyOf(body);
  }

  /**
   * A parameter.
   *
   * @param differentiable whether derivatives are taken with respect to it
   */
  public record Param(Var var, boolean differentiable) {}
}
