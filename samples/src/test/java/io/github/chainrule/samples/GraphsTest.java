package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code f(x, y, z) = (x + y) z}, whose gradient is {@code (z, z, x + y)}: every expected number
 * below is worked out by hand from that formula. At integer points all of them are exact in double
 * precision, so the comparisons there allow no error at all; elsewhere, a rounding or two.
 */
class GraphsTest {

  @Test
  void theRunTimeGraphShowsTheTutorialsValuesAndGradients() {
    io.github.chainrule.ComputationalGraph g = Graphs_Grad.fGraph(2, 3, -4);
    assertEquals(5.0, g.node("q =").value(), 0.0);
    assertEquals(-4.0, g.node("q =").adjoint(), 0.0);
    assertEquals(-20.0, g.node("return").value(), 0.0);
    assertEquals(1.0, g.node("return").adjoint(), 0.0);
    assertEquals(-4.0, g.node("x\n").adjoint(), 0.0);
    assertEquals(-4.0, g.node("y\n").adjoint(), 0.0);
    assertEquals(5.0, g.node("z\n").adjoint(), 0.0);
  }

  @Test
  void theTwoLayerNetworksGraphCarriesItsGradient() {
    double[] p = {0.5, -1.0, 0.8, -0.3, 0.2, 0.6, 1.1, -0.7, 0.25};
    io.github.chainrule.ComputationalGraph g =
        Graphs_Grad.twoLayerCostGraph(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    Graphs_Grad.TwoLayerCostGradient grad = Graphs_Grad.twoLayerCost(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    assertEquals(grad.dW11(), g.node("w11\n").adjoint(), 1e-15);
    assertEquals(grad.dV2(), g.node("v2\n").adjoint(), 1e-15);
    assertEquals(grad.value(), g.node("return").value(), 0.0);
    // The cost's adjoint is 1, the error's 2 * error.
    double error = g.node("error =").value();
    assertEquals(2 * error, g.node("error =").adjoint(), 1e-15);
    org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(g.node("x1\n").adjoint()), "x1 is held constant (wrt)");
  }

  @Test
  void valueAndGradientAtTheFirstTutorialPoint() {
    Graphs_Grad.FGradient g = Graphs_Grad.f(2, 3, -4);
    assertEquals(-20.0, g.value(), 0.0);
    assertEquals(-4.0, g.dX(), 0.0);
    assertEquals(-4.0, g.dY(), 0.0);
    assertEquals(5.0, g.dZ(), 0.0);
  }

  @Test
  void valueAndGradientAtTheSecondTutorialPoint() {
    Graphs_Grad.FGradient g = Graphs_Grad.f(1, 3, -3);
    assertEquals(-12.0, g.value(), 0.0);
    assertEquals(-3.0, g.dX(), 0.0);
    assertEquals(-3.0, g.dY(), 0.0);
    assertEquals(4.0, g.dZ(), 0.0);
  }

  @Test
  void valueMatchesTheOriginalMethod() {
    assertEquals(Graphs.f(2, 3, -4), Graphs_Grad.f(2, 3, -4).value(), 0.0);
    assertEquals(Graphs.f(0.1, 0.2, 0.3), Graphs_Grad.f(0.1, 0.2, 0.3).value(), 0.0);
  }

  @Test
  void tangentInEachUnitDirectionIsThePartialDerivative() {
    assertEquals(-4.0, Graphs_Grad.fTangent(2, 1, 3, 0, -4, 0), 0.0);
    assertEquals(-4.0, Graphs_Grad.fTangent(2, 0, 3, 1, -4, 0), 0.0);
    assertEquals(5.0, Graphs_Grad.fTangent(2, 0, 3, 0, -4, 1), 0.0);

    assertEquals(-3.0, Graphs_Grad.fTangent(1, 1, 3, 0, -3, 0), 0.0);
    assertEquals(-3.0, Graphs_Grad.fTangent(1, 0, 3, 1, -3, 0), 0.0);
    assertEquals(4.0, Graphs_Grad.fTangent(1, 0, 3, 0, -3, 1), 0.0);
  }

  @Test
  void tangentInAnyDirectionIsLinear() {
    // z (a + b) + (x + y) c along (a, b, c) = (1, -2, 0.5) at (2, 3, -4): -4 * -1 + 5 * 0.5
    assertEquals(6.5, Graphs_Grad.fTangent(2, 1, 3, -2, -4, 0.5), 0.0);
    assertEquals(0.0, Graphs_Grad.fTangent(2, 0, 3, 0, -4, 0), 0.0);
  }

  @Test
  void pullbackAddsSeedTimesGradientAtTheOffset() {
    double[] adj = {10, 20, 30, 40, 50, 60, 70};
    double value = Graphs_Grad.fPullback(2, 3, -4, 2.0, adj, 3);
    assertEquals(-20.0, value, 0.0);
    // adj[3] += 2 * -4, adj[4] += 2 * -4, adj[5] += 2 * 5; the rest is left alone.
    assertArrayEquals(new double[] {10, 20, 30, 32, 42, 70, 70}, adj, 0.0);
  }

  @Test
  void pullbacksAccumulate() {
    double[] adj = new double[4];
    Graphs_Grad.fPullback(2, 3, -4, 2.0, adj, 1);
    Graphs_Grad.fPullback(1, 3, -3, -1.0, adj, 1);
    // 2 (-4, -4, 5) - (-3, -3, 4) = (-5, -5, 6)
    assertArrayEquals(new double[] {0, -5, -5, 6}, adj, 0.0);
  }

  @Test
  void gradientIsZZAndXPlusYAtRandomPoints() {
    Random random = new Random(20240611L);
    for (int i = 0; i < 100; i++) {
      double x = 10 * random.nextGaussian();
      double y = 10 * random.nextGaussian();
      double z = 10 * random.nextGaussian();
      Graphs_Grad.FGradient g = Graphs_Grad.f(x, y, z);
      assertEquals((x + y) * z, g.value(), 2 * Math.ulp((x + y) * z));
      assertEquals(z, g.dX(), 2 * Math.ulp(z));
      assertEquals(z, g.dY(), 2 * Math.ulp(z));
      assertEquals(x + y, g.dZ(), 2 * Math.ulp(x + y));
    }
  }
}
