package io.github.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.testing.Compiled;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void seedExampleEndToEnd() {
    Compiled c =
        Compiled.compile(
            "demo.Graphs",
            """
            package demo;
            import io.github.chainrule.Differentiable;
            public final class Graphs {
              @Differentiable
              public static double f(double x, double y, double z) { double q = x + y; return q * z; }
            }
            """);
    assertTrue(c.succeeded(), c.diagnostics());
    assertTrue(c.warnings().isEmpty(), c.diagnostics());
    Object g = c.invoke("demo.Graphs_Grad", "f", 2.0, 3.0, -4.0);
    assertEquals(-20.0, Compiled.component(g, "value"));
    assertEquals(-4.0, Compiled.component(g, "dX"));
    assertEquals(-4.0, Compiled.component(g, "dY"));
    assertEquals(5.0, Compiled.component(g, "dZ"));
    assertEquals(-4.0, c.call("demo.Graphs_Grad", "fTangent", 2.0, 1.0, 3.0, 0.0, -4.0, 0.0));
  }
}
