package io.github.chainrule.processor.ir;

/** The value types the IR knows: Java's primitive types that a differentiable method may use. */
public enum Type {
  BOOLEAN("boolean", 'Z'),
  INT("int", 'I'),
  LONG("long", 'J'),
  FLOAT("float", 'F'),
  DOUBLE("double", 'D');

  private final String javaName;
  private final char descriptor;

  Type(String javaName, char descriptor) {
    this.javaName = javaName;
    this.descriptor = descriptor;
  }

  /** The Java keyword of this type. */
  public String javaName() {
    return javaName;
  }

  /** The JVM descriptor letter ({@code D} for double, ...), used to name overloads. */
  public char descriptor() {
    return descriptor;
  }

  /** Whether values of this type carry derivatives: {@code double} and {@code float}. */
  public boolean isFloating() {
    return this == DOUBLE || this == FLOAT;
  }

  public boolean isNumeric() {
    return this != BOOLEAN;
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

  /** The type named by a Java keyword, or {@code null}. */
  public static Type ofJavaName(String name) {
    for (Type t : values()) {
      if (t.javaName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
