package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class written by the Chainrule annotation processor. Do not edit such a class: it is
 * written anew on every build from the {@link Differentiable} methods of {@link #value()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GeneratedGradient {

  /**
   * The class whose {@link Differentiable} methods this class differentiates.
   *
   * @return the owner class
   */
  Class<?> value();
}
