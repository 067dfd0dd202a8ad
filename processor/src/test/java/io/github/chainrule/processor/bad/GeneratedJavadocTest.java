package io.github.chainrule.processor.bad;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import org.junit.jupiter.api.Test;

/**
 * The generated code's Javadoc is complete: javac's doclint (what {@code javadoc} checks) finds
 * nothing to warn of in the public and protected API of a generated class, with arrays, floats,
 * loops with a tape, calls, wide signatures and the graph methods.
 */
class GeneratedJavadocTest {
  private static String doc(String... params) {
    StringBuilder b = new StringBuilder("  /**\n   * A method.\n   *\n");
    for (String p : params) {
      b.append("   * @param ").append(p).append(" a parameter\n");
    }
    return b.append("   * @return the result\n   */\n").toString();
  }

  @Test
  void doclintFindsNothingInTheGeneratedApi() {
    StringBuilder wide = new StringBuilder();
    StringBuilder sum = new StringBuilder("0");
    StringBuilder wideDoc = new StringBuilder("  /**\n   * Wide.\n");
    for (int i = 0; i < 70; i++) {
      wide.append(i == 0 ? "" : ", ").append("double p").append(i);
      sum.append(" + p").append(i).append(" * p").append(i);
      wideDoc.append("   * @param p").append(i).append(" a parameter\n");
    }
    wideDoc.append("   * @return r\n   */\n");
    String source =
        "package demo;\n"
            + "import io.github.chainrule.Differentiable;\n"
            + "import io.github.chainrule.NoDerivative;\n"
            + "/** Documented methods. */\n"
            + "public final class Documented {\n"
            + "  private Documented() {}\n"
            + doc("x", "w", "data", "n")
            + "  @Differentiable\n"
            + "  public static double loop(double x, double[] w, @NoDerivative double[] data, int n) {\n"
            + "    double s = 0;\n"
            + "    for (int i = 0; i < n; i++) { s = Math.sin(s * x + w[i] * data[i]); }\n"
            + "    return s + sq(x);\n"
            + "  }\n"
            + doc("t")
            + "  @Differentiable\n"
            + "  public static double sq(double t) { return t * t; }\n"
            + doc("a", "m")
            + "  @Differentiable\n"
            + "  public static float f(float a, float[][] m) { return a * m[0][0]; }\n"
            + wideDoc
            + "  @Differentiable\n"
            + "  public static double wide(" + wide + ") { return " + sum + "; }\n"
            + "}\n";
    Compilation c =
        Compiler.javac()
            .withProcessors(new ChainruleProcessor())
            .withOptions("-Xdoclint:all/protected", "-Xlint:all", "-Xlint:-processing", "-Werror", "-Achainrule.graphs=true")
            .compile(JavaFileObjects.forSourceString("demo.Documented", source));
    assertThat(c).succeededWithoutWarnings();
  }
}
