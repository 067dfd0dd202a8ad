package io.github.chainrule.processor.ir;

/**
 * The value types the IR knows: Java's primitive types that a differentiable method may use, and
 * arrays and matrices (arrays of rows) of them.
 */
public enum Type {
  BOOLEAN("boolean", "Z", null),
  INT("int", "I", null),
  LONG("long", "J", null),
  FLOAT("float", "F", null),
  DOUBLE("double", "D", null),
  BOOLEAN_ARRAY("boolean[]", "AZ", BOOLEAN),
  INT_ARRAY("int[]", "AI", INT),
  LONG_ARRAY("long[]", "AJ", LONG),
  FLOAT_ARRAY("float[]", "AF", FLOAT),
  DOUBLE_ARRAY("double[]", "AD", DOUBLE),
  BOOLEAN_MATRIX("boolean[][]", "AAZ", BOOLEAN_ARRAY),
  INT_MATRIX("int[][]", "AAI", INT_ARRAY),
  LONG_MATRIX("long[][]", "AAJ", LONG_ARRAY),
  FLOAT_MATRIX("float[][]", "AAF", FLOAT_ARRAY),
  DOUBLE_MATRIX("double[][]", "AAD", DOUBLE_ARRAY);

  private final String javaName;
  private final String descriptor;
  private final Type element;

  Type(String javaName, String descriptor, Type element) {
    this.javaName = javaName;
    this.descriptor = descriptor;
    this.element = element;
  }

  /** The Java spelling of this type. */
  public String javaName() {
    return javaName;
  }

  /**
   * The letters that name this type in overload names: the JVM descriptor letter ({@code D} for
   * double, ...), with one {@code A} per array dimension ({@code AD} for double[]).
   */
  public String descriptor() {
    return descriptor;
  }

  /** Whether values of this type carry derivatives: {@code double} and {@code float}. */
  public boolean isFloating() {
    return this == DOUBLE || this == FLOAT;
  }

  /** A scalar number: int, long, float or double. */
  public boolean isNumeric() {
    return this == INT || this == LONG || this == FLOAT || this == DOUBLE;
  }

  public boolean isArray() {
    return element != null;
  }

  /** The element type of an array (the row type of a matrix); null for scalars. */
  public Type element() {
    return element;
  }

  /** The scalar type at the bottom of an array type, or the type itself. */
  public Type scalar() {
    Type t = this;
    while (t.element != null) {
      t = t.element;
    }
    return t;
  }

  /** Whether this is a floating scalar or an array of them: a type that carries derivatives. */
  public boolean isDifferentiable() {
    return scalar().isFloating();
  }

  /** The array type whose elements are {@code this}, or null if there is none (3 dimensions). */
  public Type arrayOf() {
    for (Type t : values()) {
      if (t.element == this) {
        return t;
      }
    }
    return null;
  }

  /** Binary numeric promotion (JLS 5.6.2) of two numeric types. */
  public static Type promote(Type a, Type b) {
    if (!a.isNumeric() || !b.isNumeric()) {
      throw new IllegalArgumentException("not numeric: " + a + ", " + b);
    }
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /** Whether a value of this type converts to {@code target} by identity or primitive widening. */
  public boolean widensTo(Type target) {
    if (this == target) {
      return true;
    }
    return isNumeric() && target.isNumeric() && ordinal() < target.ordinal();
  }

  /** The type named by a Java spelling ({@code double}, {@code double[]}), or {@code null}. */
  public static Type ofJavaName(String name) {
    for (Type t : values()) {
      if (t.javaName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
