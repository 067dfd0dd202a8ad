package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Supplies the derivative of a static method, by hand: a custom derivative. Calls of the target
 * method inside {@link Differentiable} code use it instead of differentiating the target's body,
 * which may be library code without sources ({@code org.hipparchus.special.Erf.erf}), a routine
 * the processor cannot read, or a method whose closed-form derivative is cheaper or more accurate
 * than the derivative of its implementation (a rational approximation of the normal CDF, say).
 *
 * <p>The annotated method has the signature of the pullback Chainrule would generate for the
 * target: the target's parameters, then {@code seed} (of the target's result type), then, when
 * the target has {@code double} or {@code float} parameters, {@code double[] adj, int at} (the
 * adjoint of the k-th such parameter is added into {@code adj[at + k]}), then one adjoint array
 * per {@code double[]}, {@code double[][]}, {@code float[]} or {@code float[][]} parameter, of its
 * type and shape; it returns the target's value. It <em>adds</em> {@code seed} times each partial
 * derivative into those places. For {@code static double normCdf(double x)}:
 *
 * <pre>{@code
 * @DerivativeOf(method = "normCdf")
 * static double normCdfPullback(double x, double seed, double[] adj, int at) {
 *   adj[at] += seed * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
 *   return normCdf(x);
 * }
 * }</pre>
 *
 * <p>Forward mode derives the tangent from the pullback (one pullback with seed 1, then the dot
 * product of its gradient with the tangents), or uses a tangent method of its own, annotated with
 * {@code mode = Mode.TANGENT}: the target's parameters, each {@code double} or {@code float} one
 * (and array) followed by its tangent of the same type, returning the directional derivative, as
 * the generated {@code mTangent}.
 *
 * <p>The processor checks the signature and reports a wrong one at this annotation, spelling out
 * the one expected. It generates, in the annotated method's {@code Owner_Grad}, the methods {@code
 * nameTangent} and {@code namePullback} (with and without a {@link Tape}) of the usual form, which
 * other code may call as it calls any generated derivative. A custom derivative is found for a
 * call when it is compiled in the same build as the call, or when it is declared in the target's
 * own class. Test one with {@link GradCheck#checkPullback}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {
  /**
   * The class that declares the target method; {@code void.class} (the default) for the class
   * that declares the annotated method.
   *
   * @return the target's class
   */
  Class<?> value() default void.class;

  /**
   * The target method's name. Among its static overloads, the one whose parameter types are the
   * annotated method's first parameters is the target.
   *
   * @return the target's name
   */
  String method();

  /**
   * Which derivative the annotated method is: the pullback (reverse mode, the default, required)
   * or the tangent (forward mode, optional).
   *
   * @return the mode
   */
  Mode mode() default Mode.PULLBACK;

  /** The two forms of a derivative. */
  enum Mode {
    /** Reverse mode: the target's arguments, {@code seed}, then the adjoint places; returns the value. */
    PULLBACK,
    /** Forward mode: each argument followed by its tangent; returns the directional derivative. */
    TANGENT
  }
}
