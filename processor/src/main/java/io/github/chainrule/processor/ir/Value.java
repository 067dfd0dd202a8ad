package io.github.chainrule.processor.ir;

/** An operand of an operation: a variable or a constant. A-normal form allows nothing else. */
public sealed interface Value permits Var, Const {

  Type type();
}
