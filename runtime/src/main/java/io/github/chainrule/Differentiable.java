package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method whose derivatives Chainrule generates at compile time.
 *
 * <p>For a top-level class {@code Owner} with annotated methods, the annotation processor writes
 * {@code Owner_Grad} in the same package. For a method {@code double m(double x, double y)} it
 * contains:
 *
 * <ul>
 *   <li>{@code MGradient m(x, y)}: the value and every partial derivative, as a record with the
 *       components {@code value, dX, dY};
 *   <li>{@code double mTangent(x, xDot, y, yDot)}: forward mode, the directional derivative;
 *   <li>{@code double mPullback(x, y, seed, adj, at)}: reverse mode without allocation, which adds
 *       {@code seed * dm/dx} to {@code adj[at]}, {@code seed * dm/dy} to {@code adj[at + 1]} and
 *       returns the value; the same with a trailing {@link Tape} uses that workspace.
 * </ul>
 *
 * <p>{@code double} and {@code float} parameters, and arrays and matrices of them, are
 * differentiable (an array parameter {@code w} gets a component {@code dW} of its shape, a tangent
 * {@code wDot}, and a pullback argument {@code wAdj} the adjoints are added to); {@code int},
 * {@code long}, {@code boolean} and their arrays are constants. Bodies may use locals, branches,
 * loops, local arrays, {@code java.lang.Math} and calls of other {@code @Differentiable} methods;
 * anything else is a compile error saying what to do instead. See the project README.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {

  /**
   * The names of the parameters to differentiate with respect to. Empty (the default) means every
   * {@code double} and {@code float} parameter. A name that is not a parameter is a compile error.
   *
   * @return the names of the parameters to differentiate with respect to
   */
  String[] wrt() default {};
}
