package io.github.chainrule.processor.size;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Wide signatures: the JVM allows 255 parameter slots, a double taking two. A tangent with one
 * tangent after each of 64 or more double parameters would pass that; it takes the scalar tangents
 * packed in one {@code double[]} instead, and callers pass them so. Where even the pullback or the
 * gradient record cannot fit, the processor says so (CR120) instead of writing code that javac
 * rejects.
 */
class WideSignatureTest {
  private static final int N = 70;

  private static String params(int n, String extra) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("double p").append(i);
    }
    return b.append(extra).toString();
  }

  private static String source() {
    StringBuilder body = new StringBuilder("    double s = 0;\n");
    for (int i = 0; i < N; i++) {
      body.append("    s += Math.sin(p").append(i).append(") * p").append((i + 1) % N).append(" * w[").append(i % 2).append("];\n");
    }
    StringBuilder args = new StringBuilder();
    for (int i = 0; i < N; i++) {
      args.append(i == 0 ? "" : ", ").append("x * ").append(i % 5 + 1).append(i % 3 == 0 ? " + y" : "");
    }
    return "package wide;\n"
        + "import io.github.chainrule.Differentiable;\n"
        + "public final class Wide {\n"
        + "  @Differentiable\n"
        + "  public static double wide(" + params(N, ", double[] w") + ") {\n"
        + body
        + "    return s;\n"
        + "  }\n"
        + "  @Differentiable\n"
        + "  public static double caller(double x, double y, double[] w) {\n"
        + "    return wide(" + args + ", w) * x;\n"
        + "  }\n"
        + "}\n";
  }

  private static double wideValue(double[] p, double[] w) {
    double s = 0;
    for (int i = 0; i < N; i++) {
      s += Math.sin(p[i]) * p[(i + 1) % N] * w[i % 2];
    }
    return s;
  }

  @Test
  void seventyDoubleParametersGetAPackedTangentAndCallersUseIt() throws Exception {
    Compiled c = Compiled.compile("wide.Wide", source());
    assertTrue(c.succeeded(), c::diagnostics);
    Class<?> grad = c.load("wide.Wide_Grad");

    Object[] args = new Object[N + 1];
    double[] p = new double[N];
    for (int i = 0; i < N; i++) {
      p[i] = 0.1 * (i % 7) - 0.3;
      args[i] = p[i];
    }
    double[] w = {0.7, -1.3};
    args[N] = w;
    Object g = c.invoke("wide.Wide_Grad", "wide", args);

    // Every partial against central differences.
    double h = 1e-6;
    double[] gradient = new double[N];
    for (int i = 0; i < N; i++) {
      double[] up = p.clone();
      double[] down = p.clone();
      up[i] += h;
      down[i] -= h;
      double fd = (wideValue(up, w) - wideValue(down, w)) / (2 * h);
      gradient[i] = Compiled.component(g, "dP" + i);
      assertEquals(fd, gradient[i], 1e-7, "dP" + i);
    }

    // The packed tangent: wideTangent(p0, ..., p69, w, double[] dot, double[] wDot).
    Method tangent = null;
    for (Method m : grad.getMethods()) {
      if (m.getName().equals("wideTangent")) {
        tangent = m;
      }
    }
    assertEquals(N + 3, tangent.getParameterCount(), "packed form");
    assertFalse(tangent.getParameterTypes()[N + 1] != double[].class, "dot after the parameters");
    double[] dot = new double[N];
    double expected = 0;
    for (int i = 0; i < N; i++) {
      dot[i] = (i % 4) - 1.5;
      expected += gradient[i] * dot[i];
    }
    Object[] targs = new Object[N + 3];
    System.arraycopy(args, 0, targs, 0, N + 1);
    targs[N + 1] = dot;
    targs[N + 2] = null;
    assertEquals(expected, (double) tangent.invoke(null, targs), 1e-9 * Math.max(1, Math.abs(expected)));

    // A caller differentiates through the wide callee in both modes.
    double x = 0.4;
    double y = -0.2;
    Object cg = c.invoke("wide.Wide_Grad", "caller", x, y, w);
    double fdX = (c.call("wide.Wide", "caller", x + h, y, w) - c.call("wide.Wide", "caller", x - h, y, w)) / (2 * h);
    double fdY = (c.call("wide.Wide", "caller", x, y + h, w) - c.call("wide.Wide", "caller", x, y - h, w)) / (2 * h);
    assertEquals(fdX, Compiled.component(cg, "dX"), 1e-6 * Math.max(1, Math.abs(fdX)), "caller dX");
    assertEquals(fdY, Compiled.component(cg, "dY"), 1e-6 * Math.max(1, Math.abs(fdY)), "caller dY");
    double ct = c.call("wide.Wide_Grad", "callerTangent", x, 1.0, y, 2.0, w, null);
    double cdot = Compiled.component(cg, "dX") + 2.0 * Compiled.component(cg, "dY");
    assertEquals(cdot, ct, 1e-9 * Math.max(1, Math.abs(cdot)), "caller tangent");
  }

  @Test
  void aSignatureTooWideForThePullbackIsAClearError() {
    String source =
        "package wide;\n"
            + "import io.github.chainrule.Differentiable;\n"
            + "public final class TooWide {\n"
            + "  @Differentiable\n"
            + "  public static double f(" + params(127, "") + ") {\n"
            + "    return p0 * p126;\n"
            + "  }\n"
            + "}\n";
    Compiled c = Compiled.compile("wide.TooWide", source);
    assertFalse(c.succeeded());
    assertEquals(1, c.errors().size(), c::diagnostics);
    String message = c.errors().get(0).getMessage(null);
    assertTrue(message.contains("CR120") && message.contains("255"), message);
    assertEquals(5, c.errors().get(0).getLineNumber());
  }
}
