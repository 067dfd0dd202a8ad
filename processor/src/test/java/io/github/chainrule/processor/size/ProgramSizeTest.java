package io.github.chainrule.processor.size;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Programs whose size would make a recursive processor overflow its stack: a sum of 1,250 terms
 * (a left-deep expression tree 1,250 levels deep) and a loop body of 400 statements. Both compile,
 * and their gradients match central finite differences.
 */
class ProgramSizeTest {
  private static String wideSum(int terms) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < terms; i++) {
      b.append(i == 0 ? "" : " + ").append("Math.sin(x * ").append(i % 7 + 1).append(") * ").append(i % 5 + 1);
    }
    return b.toString();
  }

  private static double wideSumValue(double x, int terms) {
    double s = 0;
    for (int i = 0; i < terms; i++) {
      s += Math.sin(x * (i % 7 + 1)) * (i % 5 + 1);
    }
    return s;
  }

  private static double longBodyValue(double x, int n, int statements) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < statements; k++) {
        s = s * 0.999 + Math.sin(x + k) * 0.01;
      }
    }
    return s;
  }

  private static double central(DoubleUnaryOperator f, double x) {
    double h = 1e-5;
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  private static String nest(int depth) {
    String e = "x";
    for (int i = 0; i < depth; i++) {
      e = "(x > " + (i % 9) * 0.1 + " ? " + e + " * 1.01 + Math.sqrt(x) : x * " + (i % 3) + " - 1)";
    }
    return e;
  }

  private static double nestValue(double x, int depth) {
    double e = x;
    for (int i = 0; i < depth; i++) {
      e = x > (i % 9) * 0.1 ? e * 1.01 + Math.sqrt(x) : x * (i % 3) - 1;
    }
    return e;
  }

  @Test
  void conditionalsNested400DeepGiveLinearCodeAndGuardedLoadsStayLazy() {
    int depth = 400;
    String source =
        "package big;\n"
            + "import io.github.chainrule.Differentiable;\n"
            + "public final class Deep {\n"
            + "  @Differentiable\n"
            + "  public static double deep(double x) {\n"
            + "    return " + nest(depth) + ";\n"
            + "  }\n"
            + "  @Differentiable(wrt = \"x\")\n"
            + "  public static double guarded(double x, double[] a, int i) {\n"
            + "    return x > 0 ? (x > 1 ? (x > 2 ? (x > 3 ? (x > 4 ? (i < a.length ? a[i] * x : 7 * x) : x) : x) : x) : x) : x;\n"
            + "  }\n"
            + "}\n";
    Compiled c = Compiled.compile("big.Deep", source);
    assertTrue(c.succeeded(), c::diagnostics);
    // Linear: 400 levels, a few lines each (nested blocks would make it quadratic in indentation).
    assertTrue(c.generatedSource("big.Deep_Grad").length() < 400_000, "generated size");
    for (double x : new double[] {0.05, 0.45, 0.95}) {
      double dX = Compiled.component(c.invoke("big.Deep_Grad", "deep", x), "dX");
      double fd = central(v -> nestValue(v, depth), x);
      assertEquals(fd, dX, 1e-5 * Math.max(1, Math.abs(fd)), "x = " + x);
      assertEquals(dX, c.call("big.Deep_Grad", "deepTangent", x, 1.0), 1e-9 * Math.max(1, Math.abs(dX)));
    }
    // The load behind i < a.length is not evaluated when i is out of bounds.
    double[] a = {2.0};
    assertEquals(7.0, Compiled.component(c.invoke("big.Deep_Grad", "guarded", 5.0, a, 3), "dX"), 0.0);
    assertEquals(2.0, Compiled.component(c.invoke("big.Deep_Grad", "guarded", 5.0, a, 0), "dX"), 0.0);
  }

  @Test
  void aSumOf1250TermsAndALoopBodyOf400StatementsCompileAndDifferentiate() {
    int terms = 1250;
    int statements = 400;
    StringBuilder body = new StringBuilder();
    for (int k = 0; k < statements; k++) {
      body.append("      s = s * 0.999 + Math.sin(x + ").append(k).append(") * 0.01;\n");
    }
    String source =
        "package big;\n"
            + "import io.github.chainrule.Differentiable;\n"
            + "public final class Big {\n"
            + "  @Differentiable\n"
            + "  public static double wide(double x) {\n"
            + "    return " + wideSum(terms) + ";\n"
            + "  }\n"
            + "  @Differentiable\n"
            + "  public static double longBody(double x, int n) {\n"
            + "    double s = 0;\n"
            + "    for (int i = 0; i < n; i++) {\n"
            + body
            + "    }\n"
            + "    return s;\n"
            + "  }\n"
            + "}\n";
    Compiled c = Compiled.compile("big.Big", source);
    assertTrue(c.succeeded(), c::diagnostics);
    double x = 0.37;
    double wide = Compiled.component(c.invoke("big.Big_Grad", "wide", x), "dX");
    double wideFd = central(v -> wideSumValue(v, terms), x);
    assertEquals(wideFd, wide, 1e-6 * Math.max(1, Math.abs(wideFd)), "wide sum");
    assertEquals(wide, c.call("big.Big_Grad", "wideTangent", x, 1.0), 1e-9 * Math.max(1, Math.abs(wide)));
    double longBody = Compiled.component(c.invoke("big.Big_Grad", "longBody", x, 3), "dX");
    double longFd = central(v -> longBodyValue(v, 3, statements), x);
    assertEquals(longFd, longBody, 1e-6 * Math.max(1, Math.abs(longFd)), "long loop body");
    assertEquals(longBody, c.call("big.Big_Grad", "longBodyTangent", x, 1.0, 3), 1e-9 * Math.max(1, Math.abs(longBody)));
  }
}
