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
 */
public record ClassModel(
    String packageName,
    String ownerName,
    String gradName,
    String sourceFile,
    String generatedAnnotation,
    List<MethodModel> methods,
    List<String> qualify) {

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
   */
  public record MethodModel(
      String name,
      String baseName,
      String recordName,
      List<ParamModel> params,
      Type returnType,
      AdjointPass.Pullback pullback,
      TangentPass.Tangent tangent,
      GraphMethods.Input graph) {}

  /**
   * One parameter.
   *
   * @param component the gradient record's component for it ({@code dX}), or null if it is not
   *     differentiable
   */
  public record ParamModel(String name, Type type, boolean differentiable, String component) {}
}
