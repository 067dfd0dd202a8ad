package io.github.chainrule.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the shape of the generated code for the seed example. Goldens say nothing about
 * correctness (the rule and fuzz tests do); they make every change to the output visible in
 * review. After an intended change, regenerate with {@code CHAINRULE_UPDATE_GOLDEN=1 mvn test
 * -pl processor -Dtest=GoldenTest} and read the diff.
 */
class GoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/Graphs_Grad.java.txt");

  static final String SEED =
      """
      package demo;

      import io.github.chainrule.Differentiable;

      public final class Graphs {
        @Differentiable
        public static double f(double x, double y, double z) {
          double q = x + y;
          return q * z;
        }
      }
      """;

  @Test
  void seedExampleMatchesGolden() throws IOException {
    Compiled c = Compiled.compile("demo.Graphs", SEED);
    assertTrue(c.succeeded(), c.diagnostics());
    assertTrue(c.warnings().isEmpty(), c.diagnostics());
    String generated = c.generatedSource("demo.Graphs_Grad");
    assertNotNull(generated);
    if (System.getenv("CHAINRULE_UPDATE_GOLDEN") != null) {
      Files.writeString(GOLDEN, generated, UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, UTF_8), generated);
  }
}
