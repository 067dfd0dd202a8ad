package io.github.chainrule.processor;

import com.google.auto.service.AutoService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The entry point javac calls. Thin on purpose: the work is in {@link GradientStep}; this class
 * turns any unexpected exception into one readable error instead of javac's "an annotation
 * processor threw an uncaught exception". It claims its own annotations ({@code @Differentiable} and
 * the generated classes' {@code @GeneratedGradient}), which no other processor reads, so that
 * {@code -Xlint:all -Werror} builds do not fail with "No processor claimed any of these annotations".
 * {@code @Generated} belongs to everyone: it is claimed only in a round where every class carrying it
 * is one this processor wrote.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({
  GradientStep.DIFFERENTIABLE,
  GradientStep.GENERATED_GRADIENT,
  "javax.annotation.processing.Generated",
  "javax.annotation.Generated"
})
public final class ChainruleProcessor extends AbstractProcessor {
  private GradientStep step;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    step = new GradientStep(env);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      step.process(round);
    } catch (RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format("this round", e + "\n" + trace));
    }
    return claims(annotations, round);
  }

  /** Whether every annotation of this round is ours, or a {@code @Generated} on our classes only. */
  private static boolean claims(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement a : annotations) {
      String name = a.getQualifiedName().toString();
      if (name.equals(GradientStep.DIFFERENTIABLE) || name.equals(GradientStep.GENERATED_GRADIENT)) {
        continue;
      }
      for (Element e : round.getElementsAnnotatedWith(a)) {
        if (!GradientStep.isGenerated(e)) {
          return false;
        }
      }
    }
    return true;
  }
}
