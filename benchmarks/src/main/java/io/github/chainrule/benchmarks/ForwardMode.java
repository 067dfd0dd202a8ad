package io.github.chainrule.benchmarks;

import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/** The same functions over Hipparchus {@link DerivativeStructure}: exact forward mode, run-time. */
public final class ForwardMode {
  private ForwardMode() {}

  public static double[] rosenbrock(DSFactory factory, double[] x) {
    DerivativeStructure[] v = new DerivativeStructure[x.length];
    for (int i = 0; i < x.length; i++) {
      v[i] = factory.variable(i, x[i]);
    }
    DerivativeStructure s = factory.constant(0);
    for (int i = 0; i + 1 < x.length; i++) {
      DerivativeStructure a = v[i + 1].subtract(v[i].multiply(v[i]));
      DerivativeStructure b = v[i].negate().add(1);
      s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
    }
    double[] g = new double[x.length];
    int[] orders = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      orders[i] = 1;
      g[i] = s.getPartialDerivative(orders);
      orders[i] = 0;
    }
    return g;
  }

  private static DerivativeStructure normCdf(DerivativeStructure x) {
    DerivativeStructure t = x.abs().multiply(0.2316419).add(1).reciprocal();
    DerivativeStructure poly =
        t.multiply(t.multiply(t.multiply(t.multiply(t.multiply(1.330274429).add(-1.821255978)).add(1.781477937)).add(-0.356563782)).add(0.319381530));
    DerivativeStructure tail = x.multiply(x).multiply(-0.5).exp().divide(Math.sqrt(2 * Math.PI)).multiply(poly);
    return x.getValue() >= 0 ? tail.negate().add(1) : tail;
  }

  public static DerivativeStructure blackScholes(DSFactory f, double spot, double strike, double vol, double rate, double time) {
    DerivativeStructure s = f.variable(0, spot);
    DerivativeStructure k = f.variable(1, strike);
    DerivativeStructure v = f.variable(2, vol);
    DerivativeStructure r = f.variable(3, rate);
    DerivativeStructure t = f.variable(4, time);
    DerivativeStructure sqrtT = t.sqrt();
    DerivativeStructure d1 = s.divide(k).log().add(r.add(v.multiply(v).multiply(0.5)).multiply(t)).divide(v.multiply(sqrtT));
    DerivativeStructure d2 = d1.subtract(v.multiply(sqrtT));
    return s.multiply(normCdf(d1)).subtract(k.multiply(r.multiply(t).negate().exp()).multiply(normCdf(d2)));
  }
}
