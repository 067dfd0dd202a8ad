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
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The entry point javac calls. Thin on purpose: the work is in {@link GradientStep}; this class
 * turns any unexpected exception into one readable error instead of javac's "an annotation
 * processor threw an uncaught exception". It claims its own annotations ({@code @Differentiable},
 * {@code @NoDerivative}, {@code @DerivativeOf} and the generated classes' {@code @GeneratedGradient}), which no other
 * processor reads, so that
 * {@code -Xlint:all -Werror} builds do not fail with "No processor claimed any of these annotations".
 * {@code @Generated} belongs to everyone: it is claimed only in a round where every class carrying it
 * is one this processor wrote.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({
  GradientStep.DIFFERENTIABLE,
  GradientStep.GENERATED_GRADIENT,
  GradientStep.NO_DERIVATIVE,
  CustomDerivatives.DERIVATIVE_OF,
  "javax.annotation.processing.Generated",
  "javax.annotation.Generated"
})
@SupportedOptions(ChainruleProcessor.GRAPHS_OPTION)
public final class ChainruleProcessor extends AbstractProcessor {
  /** {@code -Achainrule.graphs=true}: write each method's computational graph as Graphviz DOT. */
  public static final String GRAPHS_OPTION = "chainrule.graphs";

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
      onLargeStack(() -> step.process(round));
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
      if (name.equals(GradientStep.DIFFERENTIABLE)
          || name.equals(GradientStep.GENERATED_GRADIENT)
          || name.equals(GradientStep.NO_DERIVATIVE)
          || name.equals(CustomDerivatives.DERIVATIVE_OF)) {
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

  /**
   * The stack the processor's work runs on. Reading a method walks javac's trees recursively, as
   * javac itself does: a sum of thousands of terms is a tree thousands of levels deep. A thread of
   * its own with this much stack (address space, committed only as used) reads whatever javac
   * could parse, whatever stack the build gave javac's own thread.
   */
  private static final long STACK_BYTES = 512L << 20;

  /** Runs {@code work} on a thread with {@link #STACK_BYTES} of stack, and waits for it. */
  private static void onLargeStack(Runnable work) {
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        work.run();
      } catch (RuntimeException | Error e) {
        failure[0] = e;
      }
    }, "chainrule-processor", STACK_BYTES);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException r) {
      throw r;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }
}
