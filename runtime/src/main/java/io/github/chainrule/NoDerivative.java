package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter of a {@link Differentiable} method as a constant: no derivative is taken with
 * respect to it, as if {@code wrt} left it out. A data array marked so gets no adjoint work at
 * all (no shadow array, no pullback argument, no gradient component):
 *
 * <pre>{@code
 * @Differentiable
 * static double loss(double[] weights, @NoDerivative double[] inputs, @NoDerivative double label)
 * }</pre>
 *
 * <p>On a parameter that is not differentiable anyway ({@code int}, {@code boolean}, ...) it
 * changes nothing. Naming a parameter in {@code wrt} and marking it {@code @NoDerivative} is a
 * compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface NoDerivative {}
