package io.github.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor behind a decorated processing environment, as Gradle runs an incremental
 * ("isolating") processor: Gradle passes its own {@code ProcessingEnvironment}, which holds javac's
 * in a field and returns a Filer that records each generated type's originating elements, and
 * Gradle requires exactly one originating top-level type per generated file. The decorator here
 * has the same shape (it is not Gradle's code, which is not available to this build); the
 * processor must find the Tree API through it, write through its Filer, and name the owner as the
 * one origin of each {@code Owner_Grad}.
 */
class DecoratedEnvironmentTest {

  /** A decorator in the shape of Gradle's IncrementalProcessingEnvironment. */
  static final class Decorated implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;
    private final RecordingFiler filer;

    Decorated(ProcessingEnvironment delegate, RecordingFiler filer) {
      this.delegate = delegate;
      this.filer = filer;
    }

    @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
    @Override public Messager getMessager() { return delegate.getMessager(); }
    @Override public Filer getFiler() { return filer; }
    @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
    @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
    @Override public Locale getLocale() { return delegate.getLocale(); }
  }

  /** Records, per generated type, the top-level types of its originating elements. */
  static final class RecordingFiler implements Filer {
    final Filer delegate;
    final Map<String, List<String>> origins = new TreeMap<>();

    RecordingFiler(Filer delegate) {
      this.delegate = delegate;
    }

    private void record(CharSequence name, Element... originating) {
      List<String> tops = new ArrayList<>();
      for (Element e : originating) {
        Element t = e;
        while (t.getEnclosingElement() != null && t.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
          t = t.getEnclosingElement();
        }
        String top = ((TypeElement) t).getQualifiedName().toString();
        if (!tops.contains(top)) {
          tops.add(top);
        }
      }
      origins.put(name.toString(), tops);
    }

    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... originating) throws IOException {
      record(name, originating);
      return delegate.createSourceFile(name, originating);
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... originating) throws IOException {
      record(name, originating);
      return delegate.createClassFile(name, originating);
    }

    @Override
    public FileObject createResource(
        JavaFileManager.Location location, CharSequence pkg, CharSequence relativeName, Element... originating)
        throws IOException {
      record("resource " + pkg + "/" + relativeName, originating);
      return delegate.createResource(location, pkg, relativeName, originating);
    }

    @Override
    public FileObject getResource(JavaFileManager.Location location, CharSequence pkg, CharSequence relativeName)
        throws IOException {
      return delegate.getResource(location, pkg, relativeName);
    }
  }

  /** Runs the Chainrule processor with a decorated environment, as a build tool's wrapper does. */
  static final class Wrapping extends AbstractProcessor {
    final ChainruleProcessor inner = new ChainruleProcessor();
    RecordingFiler filer;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      filer = new RecordingFiler(env.getFiler());
      inner.init(new Decorated(env, filer));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  @Test
  void generatesThroughADecoratorWithOneOriginPerFile() throws IOException {
    Wrapping p = new Wrapping();
    Compilation c =
        Compiler.javac()
            .withProcessors(p)
            .compile(
                JavaFileObjects.forSourceString(
                    "inc.Inner",
                    "package inc;\n"
                        + "import io.github.chainrule.Differentiable;\n"
                        + "public final class Inner {\n"
                        + "  @Differentiable public static double sq(double x) { return x * x; }\n"
                        + "}\n"),
                JavaFileObjects.forSourceString(
                    "inc.Outer",
                    "package inc;\n"
                        + "import io.github.chainrule.Differentiable;\n"
                        + "public final class Outer {\n"
                        + "  @Differentiable public static double f(double x, double y) { return Inner.sq(x) * y; }\n"
                        + "  @Differentiable public static double g(double[] w) { return w[0] * f(w[1], 2); }\n"
                        + "}\n"));
    assertThat(c).succeeded();
    assertEquals(
        Map.of("inc.Inner_Grad", List.of("inc.Inner"), "inc.Outer_Grad", List.of("inc.Outer")),
        p.filer.origins);
    JavaFileObject outer = c.generatedSourceFile("inc.Outer_Grad").orElseThrow();
    try (InputStream in = outer.openInputStream()) {
      String src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(src.contains("Inner_Grad.sqPullback"), src);
    }
  }

  @Test
  void theGradleDeclarationNamesTheProcessorAsIsolating() throws IOException {
    try (InputStream in =
        ChainruleProcessor.class.getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
      assertTrue(in != null, "META-INF/gradle/incremental.annotation.processors is missing");
      assertEquals(
          ChainruleProcessor.class.getName() + ",isolating",
          new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }
}
