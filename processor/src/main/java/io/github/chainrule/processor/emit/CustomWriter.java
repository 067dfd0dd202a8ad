package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import io.github.chainrule.processor.emit.ClassModel.ParamModel;
import io.github.chainrule.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The generated {@code mTangent} and {@code mPullback} of a method with a custom derivative (a
 * {@code @DerivativeOf} method): thin delegates of the usual form, so that every caller calls a
 * custom derivative as it calls a generated one. Without a custom tangent, the tangent is derived
 * from the pullback: one pullback with seed 1 into fresh adjoints, then their dot product with
 * the tangents (it allocates the adjoints: give a tangent of its own where forward mode is hot).
 */
final class CustomWriter {
  private static final ClassName TAPE = ClassName.get("io.github.chainrule", "Tape");
  private static final ClassName ADJOINTS = ClassName.get("io.github.chainrule", "Adjoints");

  private CustomWriter() {}

  /** The tangent and the two pullbacks (without and with a tape) of one custom derivative. */
  static List<MethodSpec> methods(ClassModel.CustomModel c) {
    List<MethodSpec> out = new ArrayList<>();
    out.add(tangent(c));
    out.addAll(pullbacks(c));
    return out;
  }

  private static String customLink(ClassModel.CustomModel c, String method) {
    return "{@link " + String.join(".", c.host().simpleNames()) + "#" + method + "}";
  }

  private static CodeBlock argumentDoc(String name) {
    return CodeBlock.of("@param $N the argument {@code $N}\n", name, name);
  }

  private static List<ParamModel> differentiable(ClassModel.CustomModel c) {
    List<ParamModel> out = new ArrayList<>();
    for (ParamModel p : c.params()) {
      if (p.differentiable()) {
        out.add(p);
      }
    }
    return out;
  }

  private static List<MethodSpec> pullbacks(ClassModel.CustomModel c) {
    Names names = new Names();
    List<ParameterSpec> specs = new ArrayList<>();
    List<String> args = new ArrayList<>();
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add("Reverse mode: computes $L and adds {@code seed} times its partial derivatives to the\n", c.targetLink())
            .add("places given (accumulates), by the custom derivative $L.\n\n", customLink(c, c.pullback()));
    for (ParamModel p : c.params()) {
      String n = names.fresh(p.name());
      specs.add(ParameterSpec.builder(GradientWriter.type(p.type()), n).build());
      args.add(n);
      doc.add(argumentDoc(n));
    }
    String seed = names.fresh("seed");
    specs.add(ParameterSpec.builder(GradientWriter.type(c.returnType()), seed).build());
    args.add(seed);
    doc.add("@param $N the adjoint of the result: 1 for the plain gradient\n", seed);
    boolean scalars = differentiable(c).stream().anyMatch(p -> !p.type().isArray());
    if (scalars) {
      String adj = names.fresh("adj");
      String at = names.fresh("at");
      specs.add(ParameterSpec.builder(double[].class, adj).build());
      specs.add(ParameterSpec.builder(int.class, at).build());
      args.add(adj);
      args.add(at);
      doc.add("@param $N where the adjoints of the scalar parameters are added, one slot each, in order\n", adj)
          .add("@param $N the slot of the first scalar differentiable parameter\n", at);
    }
    CodeBlock.Builder prologue = CodeBlock.builder();
    for (int i = 0; i < c.params().size(); i++) {
      ParamModel p = c.params().get(i);
      if (p.differentiable() && p.type().isArray()) {
        String a = names.fresh(p.name() + "Adj");
        specs.add(ParameterSpec.builder(GradientWriter.type(p.type()), a).build());
        args.add(a);
        doc.add("@param $N where the adjoints of {@code $N} are added, of its shape; null if not wanted\n", a, args.get(i));
        prologue.beginControlFlow("if ($N == null)", a)
            .addStatement("$N = $T.zerosLike($N)", a, ADJOINTS, args.get(i))
            .endControlFlow();
      }
    }
    String tape = names.fresh("tape");
    String returns = "@return the value of " + c.targetName() + "\n";
    MethodSpec plain =
        MethodSpec.methodBuilder(c.baseName() + "Pullback")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(GradientWriter.type(c.returnType()))
            .addParameters(specs)
            .addJavadoc(doc.build())
            .addJavadoc(returns)
            .addCode(prologue.build())
            .addStatement("return $T.$N($L)", c.host(), c.pullback(), String.join(", ", args))
            .build();
    MethodSpec taped =
        MethodSpec.methodBuilder(c.baseName() + "Pullback")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(GradientWriter.type(c.returnType()))
            .addParameters(specs)
            .addParameter(TAPE, tape)
            .addJavadoc(doc.build())
            .addJavadoc("@param $N not used: the custom derivative keeps what it needs itself\n", tape)
            .addJavadoc(returns)
            .addStatement("return $N($L)", c.baseName() + "Pullback", String.join(", ", args))
            .build();
    return List.of(plain, taped);
  }

  private static MethodSpec tangent(ClassModel.CustomModel c) {
    Names names = new Names();
    List<Type> types = new ArrayList<>();
    List<Boolean> wanted = new ArrayList<>();
    for (ParamModel p : c.params()) {
      types.add(p.type());
      wanted.add(p.differentiable());
    }
    boolean packed = Signatures.packedTangent(types, wanted);
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(c.baseName() + "Tangent")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(GradientWriter.type(c.returnType()));
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add("Forward mode: the derivative of $L in the direction of the given tangents,\n", c.targetLink())
            .add(
                c.tangent() != null
                    ? CodeBlock.of("by the custom tangent $L.\n\n", customLink(c, c.tangent()))
                    : CodeBlock.of(
                        "from the custom derivative $L: its gradient (one call, seed 1) dotted with the tangents.\n\n",
                        customLink(c, c.pullback())));
    List<String> values = new ArrayList<>();
    List<String> dots = new ArrayList<>();
    List<ParameterSpec> arrayDots = new ArrayList<>();
    List<String> call = new ArrayList<>();
    CodeBlock.Builder prologue = CodeBlock.builder();
    for (ParamModel p : c.params()) {
      values.add(names.fresh(p.name()));
    }
    String dot = packed ? names.fresh("dot") : null;
    int slot = 0;
    for (int i = 0; i < c.params().size(); i++) {
      ParamModel p = c.params().get(i);
      String v = values.get(i);
      b.addParameter(GradientWriter.type(p.type()), v);
      doc.add(argumentDoc(v));
      call.add(v);
      if (!p.differentiable()) {
        dots.add(null);
        continue;
      }
      String d = names.fresh(p.name() + "Dot");
      dots.add(d);
      ParameterSpec spec = ParameterSpec.builder(GradientWriter.type(p.type()), d).build();
      if (p.type().isArray()) {
        if (packed) {
          arrayDots.add(spec);
        } else {
          b.addParameter(spec);
          call.add(d);
        }
        doc.add("@param $N the tangent (direction) of the parameter before it, of its shape; null for zero\n", d);
        if (c.tangent() != null) {
          prologue.beginControlFlow("if ($N == null)", d)
              .addStatement("$N = $T.zerosLike($N)", d, ADJOINTS, v)
              .endControlFlow();
        }
      } else if (packed) {
        prologue.addStatement(
            p.type() == Type.FLOAT ? "float $N = (float) $N[$L]" : "double $N = $N[$L]", d, dot, slot++);
      } else {
        b.addParameter(spec);
        call.add(d);
        doc.add("@param $N the tangent (direction) of the parameter before it\n", d);
      }
    }
    if (packed) {
      b.addParameter(double[].class, dot);
      b.addParameters(arrayDots);
      call.add(dot);
      for (ParameterSpec s : arrayDots) {
        call.add(s.name());
      }
      doc.add(
          "@param $N the tangents of the scalar differentiable parameters, one slot each, in order"
              + " (packed: one tangent after each would pass the JVM's 255 parameter slots)\n",
          dot);
    }
    doc.add("@return the directional derivative\n");
    b.addJavadoc(doc.build());
    if (c.tangent() != null) {
      // A custom tangent has the generated tangent's signature: a packed one takes the packed form.
      b.addCode(prologue.build());
      List<String> passed = new ArrayList<>();
      if (packed) {
        passed.addAll(values);
        passed.add(dot);
        for (ParameterSpec s : arrayDots) {
          passed.add(s.name());
        }
      } else {
        passed.addAll(call);
      }
      return b.addStatement("return $T.$N($L)", c.host(), c.tangent(), String.join(", ", passed)).build();
    }
    b.addCode(prologue.build());
    // The tangent from the pullback: the gradient at the point, dotted with the directions.
    List<String> args = new ArrayList<>(values);
    args.add(c.returnType() == Type.FLOAT ? "1.0f" : "1.0");
    int scalars = 0;
    for (ParamModel p : differentiable(c)) {
      scalars += p.type().isArray() ? 0 : 1;
    }
    String adj = names.fresh("adj");
    if (scalars > 0) {
      b.addStatement("double[] $N = new double[$L]", adj, scalars);
      args.add(adj);
      args.add("0");
    }
    List<CodeBlock> sum = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < c.params().size(); i++) {
      ParamModel p = c.params().get(i);
      if (!p.differentiable()) {
        continue;
      }
      if (p.type().isArray()) {
        String a = names.fresh(p.name() + "Adj");
        b.addStatement("$T $N = $T.zerosLike($N)", GradientWriter.type(p.type()), a, ADJOINTS, values.get(i));
        args.add(a);
        sum.add(CodeBlock.of("$T.dot($N, $N)", ADJOINTS, a, dots.get(i)));
      } else {
        sum.add(CodeBlock.of("$N[$L] * $N", adj, k++, dots.get(i)));
      }
    }
    b.addStatement("$T.$N($L)", c.host(), c.pullback(), String.join(", ", args));
    CodeBlock total = sum.isEmpty() ? CodeBlock.of("0.0") : CodeBlock.join(sum, " + ");
    return b.addStatement(c.returnType() == Type.FLOAT ? "return (float) ($L)" : "return $L", total).build();
  }
}
