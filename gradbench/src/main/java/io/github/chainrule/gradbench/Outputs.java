package io.github.chainrule.gradbench;

import java.util.Map;

/** Checks an output for the values JSON has no number for. */
final class Outputs {
  private Outputs() {}

  /** A description of the first NaN or infinity in {@code output}, or null if there is none. */
  static String nonFinite(Object output) {
    return nonFinite(output, "the output");
  }

  private static String nonFinite(Object output, String where) {
    if (output instanceof Double) {
      double v = (Double) output;
      return Double.isFinite(v) ? null : v + " at " + where;
    }
    if (output instanceof double[]) {
      double[] a = (double[]) output;
      for (int i = 0; i < a.length; i++) {
        if (!Double.isFinite(a[i])) {
          return a[i] + " at " + where + "[" + i + "]";
        }
      }
      return null;
    }
    if (output instanceof double[][]) {
      double[][] a = (double[][]) output;
      for (int i = 0; i < a.length; i++) {
        String bad = nonFinite(a[i], where + "[" + i + "]");
        if (bad != null) {
          return bad;
        }
      }
      return null;
    }
    if (output instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) output).entrySet()) {
        String bad = nonFinite(e.getValue(), where + "." + e.getKey());
        if (bad != null) {
          return bad;
        }
      }
      return null;
    }
    return output == null ? "no value at " + where : null;
  }
}
