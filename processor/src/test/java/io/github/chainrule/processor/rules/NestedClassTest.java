package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.GradCheck;
import io.github.chainrule.processor.testing.Compiled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods of nested classes (static member classes, interfaces, records' static methods): their
 * generated code goes into the top-level class's {@code Outer_Grad}, named as the top-level
 * class's own methods are; names resolve from the nested class outwards (its constants first);
 * calls between the levels and from another class work in both modes.
 */
class NestedClassTest {
  private static Compiled c;

  @BeforeAll
  static void compile() {
    c = Compiled.compile(
        Map.of(
            "demo.Outer",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public final class Outer {
              static final double SCALE = 2.0;

              @Differentiable
              public static double top(double x) {
                return Inner.square(x) + Inner.Deeper.cube(x) * SCALE;
              }

              public static final class Inner {
                static final double SCALE = 3.0;

                @Differentiable
                public static double square(double x) {
                  return SCALE * x * x;      // Inner.SCALE: the nearer declaration
                }

                static final class Deeper {
                  @Differentiable
                  static double cube(double x) {
                    return x * square(x);    // Inner.square, unqualified from the nested class
                  }
                }
              }

              interface Shapes {
                @Differentiable
                static double area(double r) {
                  return Math.PI * r * r;
                }
              }
            }
            """,
            "demo.User",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public final class User {
              @Differentiable
              public static double f(double x) {
                return Outer.Inner.square(Math.sin(x)) + Outer.Shapes.area(x);
              }
            }
            """));
    assertTrue(c.succeeded(), c::diagnostics);
    assertEquals(List.of(), c.warnings(), c::diagnostics);
  }

  private static double top(double x) {
    return 3 * x * x + x * 3 * x * x * 2;
  }

  @Test
  void theTopLevelClassesGeneratedClassHoldsTheNestedMethods() {
    Object g = c.invoke("demo.Outer_Grad", "square", 1.5);
    assertEquals(6 * 1.5, Compiled.component(g, "dX"), 1e-15);
    Object cube = c.invoke("demo.Outer_Grad", "cube", 2.0);
    assertEquals(9 * 4.0, Compiled.component(cube, "dX"), 1e-12);
    assertEquals(2 * Math.PI * 0.5, Compiled.component(c.invoke("demo.Outer_Grad", "area", 0.5), "dR"), 1e-15);
    String source = c.generatedSource("demo.Outer_Grad");
    assertTrue(source.contains("{@link Outer.Inner#square(double)}"), source);
    assertTrue(source.contains("{@link Outer.Inner.Deeper#cube(double)}"), source);
  }

  @Test
  void callsAcrossTheLevelsInBothModes() {
    GradCheck.check(
            p -> top(p[0]), p -> new double[] {Compiled.component(c.invoke("demo.Outer_Grad", "top", p[0]), "dX")}, 0.7)
        .assertOk();
    assertEquals(
        Compiled.component(c.invoke("demo.Outer_Grad", "top", 0.7), "dX"),
        c.call("demo.Outer_Grad", "topTangent", 0.7, 1.0),
        1e-12);
    double x = 0.4;
    double expected = 3 * 2 * Math.sin(x) * Math.cos(x) + 2 * Math.PI * x;
    assertEquals(expected, Compiled.component(c.invoke("demo.User_Grad", "f", x), "dX"), 1e-14);
    assertEquals(expected, c.call("demo.User_Grad", "fTangent", x, 1.0), 1e-14);
  }
}
