package io.github.chainrule.processor.size;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.ClassFileSizes;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Long methods: every generated method, of every size, is JIT-compiled. HotSpot never compiles a
 * method of more than 8,000 bytes of bytecode, and javac refuses one of more than 64 KB; the
 * processor cuts large forward and backward sweeps into part methods. The test reads each
 * generated method's size from the class files, and checks the gradients of the long methods
 * against central finite differences of the original and against forward mode.
 */
class OutliningTest {
  private static final int HUGE_METHOD_LIMIT = 8_000;

  /** How many variables the statements cycle through: the original must fit javac's limits too. */
  private static final int POOL = 40;

  /**
   * {@code count} statements of straight-line code over the variables {@code prefix + 0 ... prefix
   * + (POOL - 1)} (which {@link #prologue} declares), each assigning one of them in turn, mixing
   * elementary functions, array reads, branches, an accumulator and calls of a
   * {@code @Differentiable} method.
   */
  private static String statements(String prefix, int count, String indent) {
    StringBuilder b = new StringBuilder();
    String[] fns = {"Math.sin", "Math.cos", "Math.tanh"};
    for (int k = 6; k < count + 6; k++) {
      String v = prefix + k % POOL;
      String p1 = prefix + (k - 1) % POOL;
      String p2 = prefix + (k - 2) % POOL;
      String p3 = prefix + (k - 3) % POOL;
      b.append(indent);
      switch (k % 10) {
        case 6 -> b.append(v).append(" = ").append(p1).append(" * 0.99; acc += ").append(v)
            .append(" * ").append(p2).append(" * 0.01;");
        case 7 -> b.append("if (").append(p1).append(" > ").append(p2).append(") { ")
            .append(v).append(" = ").append(p1).append(" * 0.9 + x; } else { ").append(v).append(" = Math.cos(")
            .append(p2).append(") - y; }");
        case 8 -> b.append(v).append(" = sq(").append(p1).append(") * 0.1 + ").append(p3).append(" * 0.5;");
        case 9 -> b.append(v).append(" = Math.exp(0.01 * ").append(p1).append(") - 0.5 * ").append(p3).append(";");
        default -> b.append(v).append(" = ").append(fns[k % 3]).append("(").append(p1)
            .append(") * 0.3 + ").append(p3).append(" * a[").append(k % 3).append("];");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The last variable that {@code statements(prefix, count, ..)} assigns. */
  private static String last(String prefix, int count) {
    return prefix + (count + 5) % POOL;
  }

  private static String prologue(String prefix, String first, String indent) {
    StringBuilder b = new StringBuilder(indent);
    String[] start = {first, "y", "x * y", "a[0]", "a[1] + x", "a[2] * y"};
    for (int i = 0; i < POOL; i++) {
      b.append("double ").append(prefix).append(i).append(" = ").append(i < start.length ? start[i] : "0").append("; ");
    }
    return b.append('\n').toString();
  }

  /**
   * A class with {@code straight} statements of straight-line code, then a loop of {@code n}
   * iterations over a body of {@code inLoop} statements (0 for none).
   */
  private static String source(String name, int straight, int inLoop) {
    StringBuilder b = new StringBuilder();
    b.append("package big;\n")
        .append("import io.github.chainrule.Differentiable;\n")
        .append("public final class ").append(name).append(" {\n")
        .append("  @Differentiable\n")
        .append("  static double sq(double t) { return t * t; }\n")
        .append("  @Differentiable(wrt = {\"x\", \"y\", \"a\"})\n")
        .append("  public static double f(double x, double y, double[] a, int n) {\n")
        .append("    double acc = 0;\n")
        .append(prologue("v", "x", "    "))
        .append(statements("v", straight, "    "));
    String last = last("v", straight);
    if (inLoop > 0) {
      b.append("    double s = ").append(last).append(";\n")
          .append("    for (int i = 0; i < n; i++) {\n")
          .append(prologue("w", "s + x * 0.01 * i", "      "))
          .append(statements("w", inLoop, "      "))
          .append("      s = Math.tanh(s * 0.5 + ").append(last("w", inLoop)).append(" * 0.1);\n")
          .append("    }\n");
      last = "s";
    }
    b.append("    return acc * 0.01 + ").append(last).append(";\n")
        .append("  }\n")
        .append("}\n");
    return b.toString();
  }

  private static void check(String name, int straight, int inLoop) {
    String qualified = "big." + name;
    Compiled c = Compiled.compile(qualified, source(name, straight, inLoop));
    assertTrue(c.succeeded(), c::diagnostics);

    // Every generated method fits HotSpot's limit, and the long ones were cut.
    Map<String, byte[]> classes = c.classFiles();
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      if (!e.getKey().startsWith(qualified + "_Grad")) {
        continue;
      }
      for (Map.Entry<String, Integer> m : ClassFileSizes.codeSizes(e.getValue()).entrySet()) {
        assertTrue(
            m.getValue() <= HUGE_METHOD_LIMIT,
            () -> e.getKey() + "." + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
        if (m.getKey().contains("Part")) {
          parts.add(m.getKey());
        }
      }
    }
    assertFalse(parts.isEmpty(), "no part methods: nothing was cut");
    assertTrue(parts.stream().anyMatch(p -> p.startsWith("fPullbackPart")), "pullback cut");
    assertTrue(parts.stream().anyMatch(p -> p.startsWith("fTangentPart")), "tangent cut");

    int n = 3;
    // The first point again last: a warm call reuses the frame of the earlier calls (from the
    // thread's tape), and must give bitwise what the first, cold call gave.
    double[][] points = {{0.31, -0.47}, {-0.8, 0.6}, {0.31, -0.47}};
    double[] first = null;
    for (double[] point : points) {
      double x = point[0];
      double y = point[1];
      double[] a = {0.9, -0.4, 0.2};
      Object g = c.invoke(qualified + "_Grad", "f", x, y, a.clone(), n);
      double value = c.call(qualified, "f", x, y, a.clone(), n);
      assertEquals(value, Compiled.component(g, "value"), 0.0, "value");
      double h = 1e-6;
      double fdX = (c.call(qualified, "f", x + h, y, a.clone(), n) - c.call(qualified, "f", x - h, y, a.clone(), n)) / (2 * h);
      double fdY = (c.call(qualified, "f", x, y + h, a.clone(), n) - c.call(qualified, "f", x, y - h, a.clone(), n)) / (2 * h);
      double[] up = a.clone();
      double[] down = a.clone();
      up[1] += h;
      down[1] -= h;
      double fdA = (c.call(qualified, "f", x, y, up, n) - c.call(qualified, "f", x, y, down, n)) / (2 * h);
      double dX = Compiled.component(g, "dX");
      double dY = Compiled.component(g, "dY");
      double dA = ((double[]) invokeComponent(g, "dA"))[1];
      assertTrue(Double.isFinite(dX) && Double.isFinite(dY) && Double.isFinite(dA), "finite");
      assertEquals(fdX, dX, 1e-5 * Math.max(1, Math.abs(fdX)), "dX at " + x + ", " + y);
      assertEquals(fdY, dY, 1e-5 * Math.max(1, Math.abs(fdY)), "dY at " + x + ", " + y);
      assertEquals(fdA, dA, 1e-5 * Math.max(1, Math.abs(fdA)), "dA[1] at " + x + ", " + y);
      // Forward mode along (1, 0.5, e1) agrees with the gradient's dot product.
      double[] aDot = {0, 1, 0};
      double tangent = c.call(qualified + "_Grad", "fTangent", x, 1.0, y, 0.5, a.clone(), aDot, n);
      double dot = dX + 0.5 * dY + dA;
      assertEquals(dot, tangent, 1e-9 * Math.max(1, Math.abs(dot)), "tangent");
      double[] got = {value, dX, dY, dA, tangent};
      if (first == null) {
        first = got;
      } else if (point == points[2]) {
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(got), "a reused frame changes nothing");
      }
    }
    assertTrue(io.github.chainrule.Tape.forThread().isEmpty(), "the tape is empty after the calls");
  }

  private static Object invokeComponent(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aReusedFrameKeepsNothingOfTheCallBefore() {
    // t's adjoint is added to only in a branch, and read far from there: a field of the frame.
    // After a call that took the branch, a call that does not (on the same, reused frame) must
    // not see that call's adjoint.
    String source =
        "package big;\n"
            + "import io.github.chainrule.Differentiable;\n"
            + "public final class Reuse {\n"
            + "  @Differentiable\n"
            + "  static double sq(double t) { return t * t; }\n"
            + "  @Differentiable(wrt = {\"x\", \"y\", \"a\"})\n"
            + "  public static double f(double x, double y, double[] a, int n) {\n"
            + "    double acc = 0;\n"
            + "    double t = Math.sin(x) * 0.5;\n"
            + prologue("v", "x", "    ")
            + statements("v", 1200, "    ")
            + "    if (y > 0) { acc += t * t; }\n"
            + "    return acc + " + last("v", 1200) + ";\n"
            + "  }\n"
            + "}\n";
    Compiled c = Compiled.compile("big.Reuse", source);
    assertTrue(c.succeeded(), c::diagnostics);
    double[] a = {0.9, -0.4, 0.2};
    double h = 1e-6;
    for (double y : new double[] {0.5, -0.5, 0.5, -0.5}) {
      double x = 0.3;
      double dX = Compiled.component(c.invoke("big.Reuse_Grad", "f", x, y, a.clone(), 0), "dX");
      double fd = (c.call("big.Reuse", "f", x + h, y, a.clone(), 0) - c.call("big.Reuse", "f", x - h, y, a.clone(), 0)) / (2 * h);
      assertEquals(fd, dX, 1e-5 * Math.max(1, Math.abs(fd)), "dX at y = " + y);
    }
  }

  @Test
  void aMethodOf1500StatementsIsCutIntoPartsThatTheJitCompiles() {
    check("Long1500", 1500, 0);
  }

  @Test
  void aMethodOf3000StatementsHalfOfThemInALoopBodyIsCutToo() {
    check("Long3000", 1500, 1500);
  }
}
