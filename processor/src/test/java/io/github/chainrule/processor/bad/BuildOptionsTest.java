package io.github.chainrule.processor.bad;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import org.junit.jupiter.api.Test;

/** The processor in strict builds: it adds no warning of its own to a valid class. */
class BuildOptionsTest {
  private static final String VALID =
      "package ok;\n"
          + "import io.github.chainrule.Differentiable;\n"
          + "class Square {\n"
          + "  @Differentiable\n"
          + "  static double f(double x) {\n"
          + "    return x * x;\n"
          + "  }\n"
          + "}\n";

  @Test
  void lintAllWithWerrorAcceptsAValidClass() {
    Compilation c =
        new RecordingJavac()
            .compiler()
            .withProcessors(new ChainruleProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(JavaFileObjects.forSourceString("ok.Square", VALID));
    assertThat(c).succeededWithoutWarnings();
  }
}
