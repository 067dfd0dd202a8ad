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
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The entry point javac calls. Thin on purpose: the work is in {@link GradientStep}; this class
 * turns any unexpected exception into one readable error instead of javac's "an annotation
 * processor threw an uncaught exception". It never claims the annotation, so other processors see
 * it too.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes(GradientStep.DIFFERENTIABLE)
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
    return false;
  }
}
