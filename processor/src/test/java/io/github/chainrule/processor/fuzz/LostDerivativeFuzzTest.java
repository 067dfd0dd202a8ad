package io.github.chainrule.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's negative half for calls that would lose a derivative: seeded random nests of
 * {@code for}, {@code while}, {@code do}-{@code while}, for-each, labelled loops with {@code
 * continue}/{@code break} and {@code if}, with one call deep inside that has no derivative for a
 * varied argument (a helper without {@code @Differentiable}, or a {@code @Differentiable} callee
 * whose {@code wrt} excludes that argument). The call sits in a loop body, a loop condition, a
 * {@code for} update or a branch condition. Each program must be rejected with exactly one error,
 * CR311 or CR312, at the call's column: never compiled into a silent zero.
 *
 * <p>{@code -Dchainrule.fuzz.lostCalls=N} (default 120) and {@code
 * -Dchainrule.fuzz.seed=S} run more by hand.
 */
class LostDerivativeFuzzTest {
  private static final String PKG = "lost";

  /** One generated program and where its error must be. */
  private record Case(String className, String source, String code, int line, int column) {}

  @Test
  void everyLostDerivativeCallIsAnErrorAtAnyDepth() {
    int n = Integer.getInteger("chainrule.fuzz.lostCalls", 120);
    long seed = Long.getLong("chainrule.fuzz.seed", 20261202L);
    Random r = new Random(seed);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cases.add(generate("Lost" + i, r));
    }
    for (int from = 0; from < cases.size(); from += 30) {
      List<Case> batch = cases.subList(from, Math.min(cases.size(), from + 30));
      Map<String, String> sources = new LinkedHashMap<>();
      for (Case c : batch) {
        sources.put(PKG + "." + c.className(), c.source());
      }
      Compiled compiled = Compiled.compile(sources);
      for (Case c : batch) {
        List<Diagnostic<? extends JavaFileObject>> mine = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compiled.errors()) {
          if (d.getSource() != null && d.getSource().getName().endsWith("/" + c.className() + ".java")) {
            mine.add(d);
          }
        }
        String context = "seed " + seed + ", " + c.className() + ":\n" + numbered(c.source()) + "\n" + compiled.diagnostics();
        assertEquals(1, mine.size(), () -> "expected exactly one error in " + context);
        Diagnostic<? extends JavaFileObject> d = mine.get(0);
        String message = d.getMessage(null);
        assertTrue(message.contains("[" + c.code() + "]"), () -> "expected " + c.code() + " in " + context);
        assertEquals(c.line(), d.getLineNumber(), () -> "line of the error in " + context);
        assertEquals(c.column(), d.getColumnNumber(), () -> "column of the error in " + context);
      }
    }
  }

  private static String numbered(String source) {
    StringBuilder b = new StringBuilder();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      b.append(String.format("%3d  %s%n", i + 1, lines[i]));
    }
    return b.toString();
  }

  // ---- The generator ----------------------------------------------------------------------------

  private static final class Gen {
    final Random r;
    final List<String> lines = new ArrayList<>();
    final boolean excluded;
    int loopVars;
    int markLine = -1;
    int markColumn = -1;
    boolean placed;

    Gen(Random r, boolean excluded) {
      this.r = r;
      this.excluded = excluded;
    }

    void line(int indent, String text) {
      lines.add(" ".repeat(indent) + text);
    }

    /** The lost call with a varied argument; its position is the call's opening parenthesis. */
    String call(String scope) {
      String arg =
          switch (r.nextInt(4)) {
            case 0 -> "x";
            case 1 -> "s * x";
            case 2 -> "x + " + scope;
            default -> "s + x * 0.5";
          };
      return excluded ? "g(1.5, " + arg + ")" : "h(" + arg + ")";
    }

    /** Records the line just added as the error's, the column at the call's parenthesis. */
    void mark(String call) {
      String text = lines.get(lines.size() - 1);
      markLine = lines.size();
      markColumn = text.indexOf(call) + call.indexOf('(') + 1;
      placed = true;
    }

    /** A nest of depth {@code depth} around the call, at {@code indent}. */
    void nest(int depth, int indent, String scope) {
      if (depth == 0) {
        String c = call(scope);
        line(indent, "s += " + c + ";");
        mark(c);
        return;
      }
      String v = "i" + loopVars++;
      int kind = r.nextInt(8);
      boolean callHere = !placed && r.nextInt(depth + 2) == 0;
      switch (kind) {
        case 0 -> {
          line(indent, "for (int " + v + " = 0; " + v + " < n; " + v + "++) {");
          body(depth, indent, v);
          line(indent, "}");
        }
        case 1 -> {
          if (callHere) {
            String c = call(scope);
            line(indent, "for (int " + v + " = 0; " + v + " < n; " + v + "++, s = s * 0.5 + " + c + ") {");
            mark(c);
            line(indent + 2, "s += 1;");
            line(indent, "}");
          } else {
            line(indent, "for (int " + v + " = 0; " + v + " < n; " + v + "++) {");
            body(depth, indent, v);
            line(indent, "}");
          }
        }
        case 2 -> {
          line(indent, "int " + v + " = 0;");
          if (callHere) {
            String c = call(scope);
            line(indent, "while (" + v + " < n && " + c + " < 1e300) {");
            mark(c);
            line(indent + 2, v + "++;");
            line(indent + 2, "s += 1;");
          } else {
            line(indent, "while (" + v + " < n) {");
            line(indent + 2, v + "++;");
            body(depth, indent, v);
          }
          line(indent, "}");
        }
        case 3 -> {
          line(indent, "int " + v + " = 0;");
          line(indent, "do {");
          line(indent + 2, v + "++;");
          if (callHere) {
            line(indent + 2, "s += x;");
          } else {
            body(depth, indent, v);
          }
          if (callHere) {
            String c = call(scope);
            line(indent, "} while (" + v + " < n && " + c + " < 1e300);");
            mark(c);
          } else {
            line(indent, "} while (" + v + " < n);");
          }
        }
        case 4 -> {
          line(indent, "for (double " + v + " : data) {");
          body(depth, indent, v);
          line(indent, "}");
        }
        case 5 -> {
          String label = "outer" + v;
          line(indent, label + ":");
          line(indent, "for (int " + v + " = 0; " + v + " < n; " + v + "++) {");
          line(indent + 2, "if (" + v + " % 3 == 2) {");
          line(indent + 4, (r.nextBoolean() ? "continue " : "break ") + label + ";");
          line(indent + 2, "}");
          body(depth, indent, v);
          line(indent, "}");
        }
        case 6 -> {
          if (callHere) {
            String c = call(scope);
            line(indent, "if (" + c + " > s) {");
            mark(c);
            line(indent + 2, "s = s * 2;");
            line(indent, "}");
            if (r.nextBoolean()) {
              line(indent, "for (int " + v + " = 0; " + v + " < n; " + v + "++) {");
              line(indent + 2, "s += x;");
              line(indent, "}");
            }
          } else {
            line(indent, "if (s < " + (1 + r.nextInt(9)) + ") {");
            nest(depth - 1, indent + 2, scope);
            line(indent, "} else {");
            line(indent + 2, "s = s - x;");
            line(indent, "}");
          }
        }
        default -> {
          line(indent, "for (int " + v + " = n; " + v + " > 0; " + v + " -= 2) {");
          body(depth, indent, v);
          line(indent, "}");
        }
      }
    }

    private void body(int depth, int indent, String v) {
      if (r.nextBoolean()) {
        line(indent + 2, "s = s * 0.5 + x;");
      }
      if (placed) {
        line(indent + 2, "s += " + v + ";");
      } else {
        nest(depth - 1, indent + 2, v);
      }
    }
  }

  private static Case generate(String name, Random r) {
    boolean excluded = r.nextInt(4) == 0;
    Gen g = new Gen(r, excluded);
    g.line(0, "package " + PKG + ";");
    g.line(0, "");
    g.line(0, "import io.github.chainrule.Differentiable;");
    g.line(0, "");
    g.line(0, "class " + name + " {");
    g.line(2, "static double h(double a) {");
    g.line(4, "return a * a;");
    g.line(2, "}");
    g.line(0, "");
    g.line(2, "@Differentiable(wrt = \"a\")");
    g.line(2, "static double g(double a, double b) {");
    g.line(4, "return a * b;");
    g.line(2, "}");
    g.line(0, "");
    g.line(2, "@Differentiable(wrt = \"x\")");
    g.line(2, "static double f(double x, int n, double[] data) {");
    g.line(4, "double s = 0;");
    int depth = 1 + r.nextInt(4);
    g.nest(depth, 4, "n");
    g.line(4, "return s;");
    g.line(2, "}");
    g.line(0, "}");
    String source = String.join("\n", g.lines) + "\n";
    return new Case(name, source, excluded ? "CR312" : "CR311", g.markLine, g.markColumn);
  }
}
