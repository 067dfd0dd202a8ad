package io.github.chainrule.processor.bad;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JDK 25 compact source file: its implicit class cannot be named by the generated class, so a
 * {@code @Differentiable} method there is a clear error at the method, and nothing is generated.
 */
class CompactSourceFileTest {
  @Test
  void methodOfAnImplicitClassIsAnErrorAtTheMethod() {
    assumeTrue(Runtime.version().feature() >= 25, "compact source files need JDK 25");
    RecordingJavac javac = new RecordingJavac();
    Compilation c =
        javac
            .compiler()
            .withProcessors(new ChainruleProcessor())
            .compile(
                JavaFileObjects.forSourceString(
                    "Demo",
                    "import io.github.chainrule.Differentiable;\n"
                        + "\n"
                        + "@Differentiable\n"
                        + "static double f(double x) {\n"
                        + "  return x * x;\n"
                        + "}\n"
                        + "\n"
                        + "void main() {\n"
                        + "  System.out.println(f(3));\n"
                        + "}\n"));
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[CR119] @Differentiable method 'f' is declared in the implicit class").inFile(c.sourceFiles().get(0)).onLine(4).atColumn(15);
    assertEquals(List.of(), javac.generatedSourceNames());
  }
}
