package io.github.chainrule.processor.bad;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated sources are a function of the input sources alone: byte for byte the same from
 * one compilation to the next, whatever the order the files are given in, wherever they lie on
 * disk, and whichever other classes are compiled with them. Builds are reproducible and
 * incremental builds do not rewrite unchanged files.
 */
class ReproducibleOutputTest {

  /**
   * Valid sources with several {@code @Differentiable} methods each: branches and early returns,
   * {@code ?:} and {@code &&}, calls within a class and across classes, overloads, {@code wrt},
   * float, int and boolean parameters, constants and many Math functions; loops of every kind
   * (nested, labelled, break, continue, return inside), arrays and matrices as parameters, locals
   * and static final constants, element writes, {@code clone()} and calls with array arguments
   * ({@code Series}, {@code Grid}).
   */
  static final Map<String, String> SOURCES = new LinkedHashMap<>();

  static {
    SOURCES.put(
        "repro.Kinematics",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        public final class Kinematics {
          static final double G = 9.81;

          private Kinematics() {}

          @Differentiable
          public static double height(double v0, double angle, double t) {
            double vy = v0 * Math.sin(angle);
            double h = vy * t - 0.5 * G * t * t;
            if (h < 0) {
              return 0.0;
            }
            return h;
          }

          @Differentiable
          public static double range(double v0, double angle) {
            return v0 * v0 * Math.sin(2 * angle) / G;
          }

          @Differentiable(wrt = "x")
          public static double damped(double x, double k, int order) {
            double y = order > 1 ? k * x * x : k * x;
            return Math.exp(-y) * Math.cos(x) + StrictMath.sinh(x / 10);
          }
        }
        """);
    SOURCES.put(
        "repro.Finance",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        public final class Finance {
          private Finance() {}

          @Differentiable
          public static double discount(double rate, double years) {
            return Math.exp(-rate * years);
          }

          @Differentiable
          public static double presentValue(double amount, double rate, double years) {
            return amount * discount(rate, years);
          }

          @Differentiable
          public static double bond(double face, double coupon, double rate, int periods) {
            double pv = presentValue(face, rate, periods);
            double c = coupon * face;
            if (periods >= 1) {
              pv += presentValue(c, rate, 1);
            }
            if (periods >= 2) {
              pv += presentValue(c, rate, 2);
            }
            return pv;
          }

          @Differentiable
          public static float blend(float a, float b, boolean left) {
            return left ? a * 0.25f + b : a + b * 0.25f;
          }
        }
        """);
    SOURCES.put(
        "repro.Shapes",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        public final class Shapes {
          private Shapes() {}

          @Differentiable
          public static double area(double r) {
            return Math.PI * r * r;
          }

          @Differentiable
          public static double area(double w, double h) {
            return w * h;
          }

          @Differentiable
          public static double area(float side, int n) {
            return n * side * side / (4 * Math.tan(Math.PI / n));
          }

          @Differentiable
          public static double smoothMax(double a, double b, double k) {
            if (k <= 0 && a > b) {
              return a;
            }
            double m = Math.max(a, b);
            return m + Math.log(Math.exp((a - m) * k) + Math.exp((b - m) * k)) / k;
          }

          @Differentiable
          public static double mix(double a, double b) {
            double r;
            if (b != 0 && a / b < 1) {
              r = a / b;
            } else if (b == 0) {
              r = 0;
            } else {
              r = 1;
            }
            return Math.sqrt(Math.abs(r) + 1) + Math.atan2(a, b) + Math.hypot(a, b)
                + Math.pow(a, 3) + Math.tanh(b) + Math.log1p(a * a) + Math.cbrt(b);
          }
        }
        """);
    SOURCES.put(
        "repro.Chain",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        public final class Chain {
          private Chain() {}

          @Differentiable
          public static double score(double v, double angle, double rate) {
            double h = Kinematics.height(v, angle, 1.5);
            double d = Finance.discount(rate, 2.0);
            double s = Shapes.smoothMax(h, Kinematics.range(v, angle), 4.0);
            double y = s * d;
            y -= Shapes.area(v);
            y += Shapes.area(v, angle) + Shapes.area((float) rate, 6);
            return y > 0 ? Math.sqrt(y) : -Math.sqrt(-y);
          }

          @Differentiable(wrt = {"rate"})
          public static double sensitivity(double rate, double face, int periods) {
            return Finance.bond(face, 0.05, rate, periods) - Kinematics.damped(rate, face, periods);
          }
        }
        """);
    SOURCES.put(
        "repro.Series",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        public final class Series {
          static final double[] COEFFS = {1.0, 0.5, 0.25, 0.125};
          static final int[] POWERS = {1, 2, 3};

          private Series() {}

          @Differentiable
          public static double poly(double x, double[] c) {
            double y = 0;
            for (int i = c.length - 1; i >= 0; i--) {
              y = y * x + c[i];
            }
            return y;
          }

          @Differentiable
          public static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
              s += a[i] * b[i];
            }
            return s;
          }

          @Differentiable
          public static double powers(double x) {
            double y = 0;
            for (int p : POWERS) {
              if (p == 2) {
                continue;
              }
              y += Math.pow(x, p) * COEFFS[p];
            }
            return y;
          }

          @Differentiable
          public static double firstAbove(double[] xs, double limit) {
            double acc = 0;
            for (double v : xs) {
              acc += v * v;
              if (acc > limit) {
                return Math.sqrt(acc);
              }
            }
            return acc;
          }

          @Differentiable
          public static double halvings(double x) {
            double y = x * x;
            int steps = 0;
            while (y > 1) {
              y = y / 2;
              steps++;
              if (steps > 20) {
                break;
              }
            }
            double z = y;
            do {
              z = z * 1.5 + x;
            } while (z < 10);
            return y + z + steps;
          }
        }
        """);
    SOURCES.put(
        "repro.Grid",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        final class Grid {
          private Grid() {}

          @Differentiable
          static double smooth(double[][] m, double w) {
            int rows = m.length;
            double[][] out = new double[rows][m[0].length];
            for (int i = 0; i < rows; i++) {
              double[] row = m[i];
              for (int j = 0; j < row.length; j++) {
                double left = j > 0 ? row[j - 1] : row[j];
                double right = j + 1 < row.length ? row[j + 1] : row[j];
                out[i][j] = (1 - 2 * w) * row[j] + w * (left + right);
              }
            }
            double total = 0;
            for (double[] r : out) {
              for (double v : r) {
                total += v * v;
              }
            }
            return total;
          }

          @Differentiable
          static double search(double[][] m, double target, int[] order) {
            double best = 0;
            outer:
            for (int k = 0; k < order.length; k++) {
              double[] row = m[order[k]];
              for (int j = 0; j < row.length; j++) {
                if (row[j] < 0) {
                  continue outer;
                }
                if (row[j] > target) {
                  best = row[j] - target;
                  break outer;
                }
                best += row[j] * 0.01;
              }
            }
            return best;
          }

          @Differentiable
          static double normalized(double[] v, float scale) {
            double[] copy = v.clone();
            double norm = 0;
            for (double e : copy) {
              norm += e * e;
            }
            norm = Math.sqrt(norm);
            double[] weights = {1.0, scale, 2.0 * scale};
            for (int i = 0; i < copy.length; i++) {
              copy[i] /= norm;
              copy[i] *= weights[i % weights.length];
            }
            return Series.dot(copy, v) + Series.poly(scale, copy);
          }
        }
        """);
    SOURCES.put(
        "repro.Mini",
        """
        package repro;

        import io.github.chainrule.Differentiable;

        final class Mini {
          private Mini() {}

          @Differentiable
          static double f(double x, double y, double z) {
            double q = x + y;
            return q * z;
          }

          @Differentiable
          static double g(double x) {
            double t = x;
            t *= t;
            t++;
            return Chain.score(t, x, 0.1) + f(x, t, x);
          }
        }
        """);
  }

  private static final List<String> EXPECTED_GENERATED =
      List.of(
          "repro.Chain_Grad",
          "repro.Finance_Grad",
          "repro.Grid_Grad",
          "repro.Kinematics_Grad",
          "repro.Mini_Grad",
          "repro.Series_Grad",
          "repro.Shapes_Grad");

  @Test
  void sameSourcesTwiceGiveIdenticalOutput() {
    List<String> order = new ArrayList<>(SOURCES.keySet());
    Map<String, byte[]> first = compile(inMemory(order));
    Map<String, byte[]> second = compile(inMemory(order));
    assertEquals(EXPECTED_GENERATED, new ArrayList<>(first.keySet()), "the generated classes");
    assertIdentical(first, second, "a second compilation of the same files in the same order");
  }

  @Test
  void orderOfFilesDoesNotMatter() {
    List<String> order = new ArrayList<>(SOURCES.keySet());
    Map<String, byte[]> reference = compile(inMemory(order));

    List<String> reversed = new ArrayList<>(order);
    Collections.reverse(reversed);
    assertIdentical(reference, compile(inMemory(reversed)), "the files in reverse order " + reversed);

    for (long seed = 1; seed <= 3; seed++) {
      List<String> shuffled = new ArrayList<>(order);
      Collections.shuffle(shuffled, new Random(seed));
      assertIdentical(reference, compile(inMemory(shuffled)), "the files in the order " + shuffled);
    }
  }

  @Test
  void locationOfSourcesDoesNotMatter(@TempDir Path a, @TempDir Path b) throws IOException {
    List<String> order = new ArrayList<>(SOURCES.keySet());
    Map<String, byte[]> reference = compile(inMemory(order));
    assertIdentical(reference, compile(onDisk(a.resolve("checkout-one"), order)), "the files under " + a);
    assertIdentical(reference, compile(onDisk(b.resolve("other/checkout"), order)), "the files under " + b);
  }

  /** A class's output does not depend on the other classes of the compilation (incremental builds). */
  @Test
  void otherClassesOfTheCompilationDoNotMatter() {
    Map<String, byte[]> all = compile(inMemory(new ArrayList<>(SOURCES.keySet())));
    for (String alone : List.of("repro.Kinematics", "repro.Finance", "repro.Shapes", "repro.Series")) {
      Map<String, byte[]> one = compile(inMemory(List.of(alone)));
      assertEquals(List.of(alone + "_Grad"), new ArrayList<>(one.keySet()), "compiling " + alone + " alone");
      assertIdentical(
          Map.of(alone + "_Grad", all.get(alone + "_Grad")), one, alone + " compiled alone instead of with the others");
    }
  }

  @Test
  void outputCarriesNoTimestampOrPath() {
    Map<String, byte[]> out = compile(inMemory(new ArrayList<>(SOURCES.keySet())));
    for (Map.Entry<String, byte[]> e : out.entrySet()) {
      String text = new String(e.getValue(), UTF_8);
      assertFalse(text.contains("date ="), e.getKey() + " has a date in @Generated:\n" + text);
      assertFalse(text.contains("mem:/") || text.contains("/tmp/") || text.contains("file:"), e.getKey() + " names a path:\n" + text);
    }
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private static List<JavaFileObject> inMemory(List<String> order) {
    List<JavaFileObject> files = new ArrayList<>();
    for (String name : order) {
      files.add(JavaFileObjects.forSourceString(name, SOURCES.get(name)));
    }
    return files;
  }

  private static List<JavaFileObject> onDisk(Path root, List<String> order) throws IOException {
    List<JavaFileObject> files = new ArrayList<>();
    for (String name : order) {
      Path file = root.resolve(name.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, SOURCES.get(name), UTF_8);
      files.add(JavaFileObjects.forResource(file.toUri().toURL()));
    }
    return files;
  }

  /** Compiles with a fresh processor; the generated sources by class name, sorted. */
  private static Map<String, byte[]> compile(List<JavaFileObject> files) {
    Compilation c = Compiler.javac().withProcessors(new ChainruleProcessor()).compile(files);
    if (c.status() != Compilation.Status.SUCCESS || !c.errors().isEmpty()) {
      fail(
          "the reproducibility sources must compile:\n"
              + c.diagnostics().stream()
                  .map(d -> d.getKind() + " " + d.getSource() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                  .collect(Collectors.joining("\n")));
    }
    Map<String, byte[]> out = new TreeMap<>();
    for (JavaFileObject f : c.generatedSourceFiles()) {
      String path = f.toUri().getPath();
      int at = path.indexOf("/SOURCE_OUTPUT/");
      String name = (at >= 0 ? path.substring(at + "/SOURCE_OUTPUT/".length()) : path)
          .replaceAll("\\.java$", "")
          .replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        out.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertTrue(!out.isEmpty(), "nothing was generated");
    return out;
  }

  private static void assertIdentical(Map<String, byte[]> expected, Map<String, byte[]> actual, String what) {
    assertEquals(expected.keySet(), actual.keySet(), "the generated classes differ for " + what);
    for (String name : expected.keySet()) {
      byte[] e = expected.get(name);
      byte[] a = actual.get(name);
      if (!Arrays.equals(e, a)) {
        fail("the generated " + name + " differs for " + what + ":\n" + firstDifference(new String(e, UTF_8), new String(a, UTF_8)));
      }
    }
  }

  /** The first differing line of two texts, with its neighbours, for a readable failure. */
  static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    int n = Math.min(e.length, a.length);
    int i = 0;
    while (i < n && e[i].equals(a[i])) {
      i++;
    }
    StringBuilder b = new StringBuilder("first difference at line " + (i + 1) + ":\n");
    for (int k = Math.max(0, i - 2); k <= Math.min(Math.max(e.length, a.length) - 1, i + 2); k++) {
      String le = k < e.length ? e[k] : "<end>";
      String la = k < a.length ? a[k] : "<end>";
      b.append(le.equals(la) ? "    " : "  - ").append(le).append('\n');
      if (!le.equals(la)) {
        b.append("  + ").append(la).append('\n');
      }
    }
    return b.toString();
  }
}
