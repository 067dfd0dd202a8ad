package io.github.chainrule.processor;

import io.github.chainrule.processor.ir.Type;
import java.util.List;

/**
 * The naming convention of the generated API, in one place: callers of other classes' generated
 * code find it by these names, never by reading the other class.
 *
 * <ul>
 *   <li>{@code Owner} (top-level) gets {@code Owner_Grad} in the same package.
 *   <li>Method {@code m} gets {@code m}, {@code mTangent}, {@code mPullback} and the record {@code
 *       MGradient}. When several {@code @Differentiable} methods of a class share a name, each gets
 *       the base name {@code m_} followed by the JVM descriptor letters of its parameter types
 *       ({@code D} double, {@code F} float, {@code I} int, {@code J} long, {@code Z} boolean, one
 *       {@code A} before it per array dimension):
 *       {@code m(double, int)} gives {@code m_DI}, {@code m_DITangent}, {@code M_DIGradient}.
 *   <li>Parameter {@code rate} gives the record component {@code dRate}.
 * </ul>
 */
public final class Naming {
  private Naming() {}

  public static String gradClass(String topLevelSimpleName) {
    return topLevelSimpleName + "_Grad";
  }

  public static String baseName(String method, List<Type> params, boolean overloaded) {
    if (!overloaded) {
      return method;
    }
    StringBuilder b = new StringBuilder(method).append('_');
    for (Type t : params) {
      b.append(t.descriptor());
    }
    return b.toString();
  }

  public static String recordName(String baseName) {
    return capitalize(baseName) + "Gradient";
  }

  public static String component(String param) {
    return "d" + capitalize(param);
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
