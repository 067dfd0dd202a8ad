package io.github.chainrule.processor.ir;

import java.util.List;

/**
 * A method called from a differentiable method.
 *
 * @param ownerPackage the package of the class that declares the method (and of its generated
 *     class); "" for the unnamed package
 * @param owner qualified name of the class that declares the method
 * @param name the method's name
 * @param paramTypes the declared parameter types
 * @param returnType the declared return type
 * @param differentiable for each parameter, whether the callee has a derivative with respect to it
 *     (all false for a method that is not {@code @Differentiable})
 * @param gradOwner for a {@code @Differentiable} callee, the qualified name of its generated class;
 *     else null
 * @param gradName for a {@code @Differentiable} callee, the base name of its generated methods
 *     ({@code g} gives {@code g}, {@code gTangent}, {@code gPullback}); else null
 * @param gradPackage the package of {@code gradOwner} ("" for the unnamed package; the owner's
 *     own, except for a custom derivative declared in a class of another package)
 * @param custom whether the derivative is a {@code @DerivativeOf} method's, whose generated
 *     {@code gTangent} and {@code gPullback} (in the class that declares it) delegate to it
 */
public record Callee(
    String ownerPackage,
    String owner,
    String name,
    List<Type> paramTypes,
    Type returnType,
    List<Boolean> differentiable,
    String gradOwner,
    String gradName,
    String gradPackage,
    boolean custom) {

  public Callee {
    paramTypes = List.copyOf(paramTypes);
    differentiable = List.copyOf(differentiable);
  }

  public boolean isDifferentiable() {
    return gradOwner != null;
  }

  /** How many parameters have derivatives: the length of the callee pullback's adjoint block. */
  public int differentiableCount() {
    int n = 0;
    for (boolean d : differentiable) {
      if (d) {
        n++;
      }
    }
    return n;
  }
}
