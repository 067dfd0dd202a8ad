package io.github.chainrule.processor.emit;

import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.transform.AdjointPass;
import io.github.chainrule.processor.transform.TangentPass;
import java.util.List;

/**
 * Everything the writer needs to write one {@code Owner_Grad} class: a description made by the
 * processor from the user's declarations, plus the transformed IR of each method.
 *
 * @param packageName the package of the owner and of the generated class
 * @param ownerName the owner's simple name
 * @param gradName the generated class's simple name
 * @param sourceFile the owner's source file name, for the line comments
 * @param generatedAnnotation the qualified name of the {@code @Generated} annotation available at
 *     the source level, or null
 * @param methods the differentiated methods, in source order
 * @param qualify simple names of java.lang classes that a class of the package hides, which the
 *     generated code must write qualified
 * @param customs the custom derivatives ({@code @DerivativeOf}) the owner declares for methods
 *     that are not its own {@code @Differentiable} ones (library code, say)
 */
public record ClassModel(
    String packageName,
    String ownerName,
    String gradName,
    String sourceFile,
    String generatedAnnotation,
    List<MethodModel> methods,
    List<String> qualify,
    List<CustomModel> customs) {

  /**
   * One differentiated method.
   *
   * @param name the original method's name
   * @param baseName the base name of the generated methods ({@code f}, or {@code f_DD} for an
   *     overload)
   * @param recordName the simple name of the gradient record
   * @param params the original parameters
   * @param returnType the original return type
   * @param pullback the reverse-mode program
   * @param tangent the forward-mode program
   * @param graph what the run-time graph method needs ({@code -Achainrule.graphs=true}), or null
   * @param custom the method's own custom derivative, which its tangent and pullback delegate to
   *     (the transformed programs then serve only the graph), or null
   * @param declaringClass the simple names from the top-level class to the one that declares the
   *     method, dot-separated ({@code Outer} or {@code Outer.Inner})
   */
  public record MethodModel(
      String name,
      String baseName,
      String recordName,
      List<ParamModel> params,
      Type returnType,
      AdjointPass.Pullback pullback,
      TangentPass.Tangent tangent,
      GraphMethods.Input graph,
      CustomModel custom,
      String declaringClass) {}

  /**
   * A custom derivative: the generated {@code baseTangent} and {@code basePullback} delegate to
   * the owner's {@code @DerivativeOf} methods.
   *
   * @param baseName the base name of the generated methods
   * @param targetName the target's simple name
   * @param targetLink the Javadoc link to the target
   * @param params the target's parameters
   * @param returnType the target's result type
   * @param host the class that declares the custom derivative
   * @param pullback the name of the custom pullback
   * @param tangent the name of the custom tangent, or null to derive it from the pullback
   */
  public record CustomModel(
      String baseName,
      String targetName,
      String targetLink,
      List<ParamModel> params,
      Type returnType,
      com.palantir.javapoet.ClassName host,
      String pullback,
      String tangent) {}

  /**
   * One parameter.
   *
   * @param component the gradient record's component for it ({@code dX}), or null if it is not
   *     differentiable
   */
  public record ParamModel(String name, Type type, boolean differentiable, String component) {}
}
