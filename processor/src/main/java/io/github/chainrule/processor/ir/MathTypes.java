package io.github.chainrule.processor.ir;

import java.util.List;

/** The result types of the {@code java.lang.Math} functions, following their overloads. */
public final class MathTypes {
  private MathTypes() {}

  /**
   * The type Java gives {@code Math.op(args)}. {@code abs}, {@code max} and {@code min} have
   * {@code int}, {@code long}, {@code float} and {@code double} overloads; {@code signum}, {@code
   * copySign} and {@code fma} have {@code float} and {@code double} ones (an {@code int} argument
   * picks the {@code float} overload), as do {@code ulp}, {@code nextUp}, {@code nextDown} and
   * {@code scalb} (by its first operand); {@code clamp} has the type of its widest operand, but
   * {@code clamp(long, int, int)} is an {@code int}; every other function takes and returns {@code
   * double}.
   */
  public static Type resultType(Op op, List<Type> args) {
    Type widest = Type.INT;
    for (Type t : args) {
      widest = Type.promote(widest, t);
    }
    return switch (op) {
      case ABS, MAX, MIN -> widest;
      case SIGNUM, COPY_SIGN, FMA, ULP, NEXT_UP, NEXT_DOWN -> widest == Type.DOUBLE ? Type.DOUBLE : Type.FLOAT;
      // scalb(d, int): the float overload unless d is a double
      case SCALB -> args.get(0) == Type.DOUBLE ? Type.DOUBLE : Type.FLOAT;
      // clamp(long, int, int) is an int; otherwise the widest operand's type
      case CLAMP -> widest == Type.LONG && args.get(1) == Type.INT && args.get(2) == Type.INT ? Type.INT : widest;
      default -> Type.DOUBLE;
    };
  }
}
