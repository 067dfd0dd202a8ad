package io.github.chainrule.processor.ir;

import java.util.List;

/** The result types of the {@code java.lang.Math} functions, following their overloads. */
public final class MathTypes {
  private MathTypes() {}

  /**
   * The type Java gives {@code Math.op(args)}. {@code abs}, {@code max} and {@code min} have
   * {@code int}, {@code long}, {@code float} and {@code double} overloads; {@code signum}, {@code
   * copySign} and {@code fma} have {@code float} and {@code double} ones (an {@code int} argument
   * picks the {@code float} overload); every other function takes and returns {@code double}.
   */
  public static Type resultType(Op op, List<Type> args) {
    Type widest = Type.INT;
    for (Type t : args) {
      widest = Type.promote(widest, t);
    }
    return switch (op) {
      case ABS, MAX, MIN -> widest;
      case SIGNUM, COPY_SIGN, FMA -> widest == Type.DOUBLE ? Type.DOUBLE : Type.FLOAT;
      default -> Type.DOUBLE;
    };
  }
}
