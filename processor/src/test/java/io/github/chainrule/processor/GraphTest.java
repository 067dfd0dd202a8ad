package io.github.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * {@code -Achainrule.graphs=true}: each method's computational graph as Graphviz DOT in the class
 * output. The seed example's graph is checked whole; a loop's graph has its cluster and the edges
 * of the next iteration; a call links to the callee's graph; where Graphviz is installed, {@code
 * dot} reads every file written.
 */
class GraphTest {
  private static final String SOURCE =
      """
      package demo;

      import io.github.chainrule.Differentiable;

      public final class Seed {
        @Differentiable
        public static double f(double x, double y, double z) {
          double q = x + y;
          return q * z;
        }

        @Differentiable
        public static double loop(double x, double[] a, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (a[i] > 0) {
              s += a[i] * x;
            } else {
              s = s * 0.5;
            }
          }
          return f(s, x, 2);
        }
      }
      """;

  private static Compilation compile(String... options) {
    Compilation c =
        Compiler.javac()
            .withProcessors(new ChainruleProcessor())
            .withOptions((Object[]) options)
            .compile(JavaFileObjects.forSourceString("demo.Seed", SOURCE));
    assertThat(c).succeededWithoutWarnings();
    return c;
  }

  private static String graph(Compilation c, String name) throws IOException {
    Optional<JavaFileObject> f = c.generatedFile(StandardLocation.CLASS_OUTPUT, "demo", name);
    assertTrue(f.isPresent(), name + " was not written");
    return f.get().getCharContent(true).toString();
  }

  @Test
  void theSeedExampleIsItsGraph() throws IOException {
    String expected =
        """
        digraph "Seed.f" {
          label="Seed.f (Seed.java): the computational graph";
          labelloc=t;
          rankdir=TB;
          node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];
          edge [fontname="Helvetica", fontsize=9];
          n1 [label="x\\ndouble, input", shape=invhouse, style=filled, fillcolor="#dbe9f6"];
          n2 [label="y\\ndouble, input", shape=invhouse, style=filled, fillcolor="#dbe9f6"];
          n3 [label="z\\ndouble, input", shape=invhouse, style=filled, fillcolor="#dbe9f6"];
          n4 [label="q = x + y\\nline 8: double q = x + y;"];
          n5 [label="t = q * z\\nline 9: return q * z;"];
          n6 [label="return t\\nline 9: return q * z;", shape=house, style=filled, fillcolor="#f6e3db"];
          n1 -> n4;
          n2 -> n4;
          n4 -> n5;
          n3 -> n5;
          n5 -> n6;
        }
        """;
    assertEquals(expected, graph(compile("-Achainrule.graphs=true"), "Seed.f.dot"));
  }

  @Test
  void loopsAreClustersWithTheNextIterationsEdgesAndCallsLinkToTheCallee() throws IOException {
    String dot = graph(compile("-Achainrule.graphs=true"), "Seed.loop.dot");
    assertTrue(dot.contains("subgraph cluster_1 {\n    label=\"loop\\nline 15: for (int i = 0; i < n; i++)\";"), dot);
    assertTrue(dot.contains("style=dashed, label=\"next\""), dot);
    assertTrue(dot.contains("[label=\"t_2 = f(s, x, 2)") || dot.contains("= f(s, x, 2)"), dot);
    assertTrue(dot.contains("URL=\"Seed.f.dot\""), dot);
    // The loop's s = s * 0.5 reads what the previous iteration left: an edge back to it.
    assertTrue(dot.matches("(?s).*s_\\d+ = s \\* 0\\.5.*"), dot);
  }

  @Test
  void nothingIsWrittenWithoutTheOptionAndTheOutputIsTheSameEachTime() throws IOException {
    Compilation plain = compile();
    assertFalse(plain.generatedFile(StandardLocation.CLASS_OUTPUT, "demo", "Seed.f.dot").isPresent());
    assertEquals(
        graph(compile("-Achainrule.graphs=true"), "Seed.loop.dot"),
        graph(compile("-Achainrule.graphs=true"), "Seed.loop.dot"));
  }

  @Test
  void graphvizReadsEveryGraphWhereItIsInstalled() throws Exception {
    Optional<Path> dot = onPath("dot");
    org.junit.jupiter.api.Assumptions.assumeTrue(dot.isPresent(), "Graphviz (dot) is not on the PATH");
    Compilation c = compile("-Achainrule.graphs=true");
    for (String name : new String[] {"Seed.f.dot", "Seed.loop.dot"}) {
      Path in = Files.createTempFile("chainrule", ".dot");
      Files.writeString(in, graph(c, name), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(dot.get().toString(), "-Tsvg", in.toString()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dot timed out");
      assertEquals(0, p.exitValue(), name + ": " + output);
      assertTrue(output.contains("<svg"), output);
      Files.delete(in);
    }
  }

  /** Loads a class of the compilation. */
  private static Class<?> load(Compilation c, String name) throws ClassNotFoundException {
    ClassLoader loader =
        new ClassLoader(GraphTest.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String binary) throws ClassNotFoundException {
            String path = binary.replace('.', '/') + ".class";
            for (JavaFileObject f : c.generatedFiles()) {
              if (f.getKind() == JavaFileObject.Kind.CLASS && f.toUri().getPath().endsWith("/" + path)) {
                try (java.io.InputStream in = f.openInputStream()) {
                  byte[] bytes = in.readAllBytes();
                  return defineClass(binary, bytes, 0, bytes.length);
                } catch (IOException e) {
                  throw new ClassNotFoundException(binary, e);
                }
              }
            }
            throw new ClassNotFoundException(binary);
          }
        };
    return loader.loadClass(name);
  }

  private static Object call(Class<?> owner, String name, Object... args) throws Exception {
    for (java.lang.reflect.Method m : owner.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        return m.invoke(null, args);
      }
    }
    throw new AssertionError("no " + name);
  }

  private static double component(Object record, String name) throws Exception {
    return ((Number) record.getClass().getMethod(name).invoke(record)).doubleValue();
  }

  @Test
  void theRunTimeGraphCarriesEachNodesValueAndAdjoint() throws Exception {
    Class<?> grad = load(compile("-Achainrule.graphs=true"), "demo.Seed_Grad");
    io.github.chainrule.ComputationalGraph g =
        (io.github.chainrule.ComputationalGraph) call(grad, "fGraph", 2.0, 3.0, -4.0);
    // The tutorial's numbers: q = 5, f = -20; df/dq = z = -4, df/dz = q = 5, df/dx = df/dy = -4.
    assertEquals(2.0, g.node("x\n").value());
    assertEquals(-4.0, g.node("x\n").adjoint());
    assertEquals(-4.0, g.node("y\n").adjoint());
    assertEquals(5.0, g.node("z\n").adjoint());
    assertEquals(5.0, g.node("q =").value());
    assertEquals(-4.0, g.node("q =").adjoint());
    assertEquals(-20.0, g.node("return").value());
    assertEquals(1.0, g.node("return").adjoint());
    assertTrue(g.toText().contains("q = x + y  <- [1, 2]   value 5   grad -4"), g.toText());
    assertTrue(g.toDot().contains("<FONT COLOR=\"#b03a2e\">grad -4</FONT>"), g.toDot());

    // A loop and calls: the inputs' adjoints are the gradient; nodes in the loop have values only.
    double[] a = {1, -2, 3};
    io.github.chainrule.ComputationalGraph loop =
        (io.github.chainrule.ComputationalGraph) call(grad, "loopGraph", 0.5, a, 3);
    Object gradient = call(grad, "loop", 0.5, a, 3);
    assertEquals(component(gradient, "dX"), loop.node("x\n").adjoint(), 1e-12);
    assertEquals(component(gradient, "value"), loop.node("return").value(), 0.0);
    for (io.github.chainrule.ComputationalGraph.Node n : loop.nodes()) {
      if (n.inLoop()) {
        assertTrue(Double.isNaN(n.adjoint()), n.toString());
      }
    }
    assertEquals(0.0, loop.node("s = 0.0").value(), "the node's own value, not the loop's last");
    if (io.github.chainrule.ComputationalGraph.graphvizAvailable()) {
      assertTrue(g.toSvg().contains("<svg"));
      assertTrue(loop.toSvg().contains("<svg"));
    }
  }

  @Test
  void withoutTheOptionThereIsNoGraphMethod() throws Exception {
    Class<?> grad = load(compile(), "demo.Seed_Grad");
    for (java.lang.reflect.Method m : grad.getDeclaredMethods()) {
      assertFalse(m.getName().contains("Graph"), m.getName());
    }
  }

  static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
