package io.github.chainrule.processor.ir;

import java.util.Objects;

/**
 * A constant operand.
 *
 * @param type its type
 * @param value its value ({@link Double}, {@link Float}, {@link Long}, {@link Integer} or
 *     {@link Boolean}), or {@code null} for a symbolic constant whose value the processor does not
 *     know (a {@code static final} field that is not a compile-time constant)
 * @param owner for a named constant, the qualified name of the class declaring it; else null
 * @param name for a named constant, the field's name; else null
 */
public record Const(Type type, Object value, String owner, String name) implements Value {

  public Const {
    Objects.requireNonNull(type);
    if (value == null && (owner == null || name == null)) {
      throw new IllegalArgumentException("a constant needs a value or a name");
    }
  }

  public static Const of(double v) {
    return new Const(Type.DOUBLE, v, null, null);
  }

  public static Const of(Type type, double v) {
    return switch (type) {
      case DOUBLE -> new Const(type, v, null, null);
      case FLOAT -> new Const(type, (float) v, null, null);
      case LONG -> new Const(type, (long) v, null, null);
      case INT -> new Const(type, (int) v, null, null);
      default -> throw new IllegalArgumentException(type + " from a number");
    };
  }

  public static Const ofBoolean(boolean b) {
    return new Const(Type.BOOLEAN, b, null, null);
  }

  /** A named constant such as {@code Math.PI}: the writer prints the name, folding uses the value. */
  public static Const named(Type type, Object value, String owner, String name) {
    return new Const(type, value, owner, name);
  }

  /** {@code null} of an array type: "no array" (a tangent or adjoint the caller does not want). */
  public static Const nullOf(Type arrayType) {
    return new Const(arrayType, null, "", "null");
  }

  public boolean isNull() {
    return value == null && "null".equals(name) && "".equals(owner);
  }

  /** Whether the value is known and numerically equal to {@code d}. */
  public boolean is(double d) {
    return value instanceof Number n && !(value instanceof Boolean) && n.doubleValue() == d;
  }

  /** The value as a double; only for known numeric constants. */
  public double asDouble() {
    return ((Number) value).doubleValue();
  }
}
