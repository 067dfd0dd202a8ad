package io.github.chainrule.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The modules this tool implements, each calling the code the processor generated. */
final class Modules {
  private Modules() {}

  /** Every module, by name, in the order of the evals' READMEs. */
  static Map<String, EvalModule> all() {
    Map<String, EvalModule> modules = new LinkedHashMap<>();
    for (EvalModule module : List.of(hello(), llsq(), lse(), gmm())) {
      modules.put(module.name(), module);
    }
    return modules;
  }

  static IllegalArgumentException unknown(String module, String function) {
    return new IllegalArgumentException("module " + module + " has no function \"" + function + "\"");
  }

  /** {@code square} and {@code double}; the input is one number. */
  static EvalModule hello() {
    return module("hello", List.of("square", "double"), (function, input) -> {
      double x = Json.number(input, "input");
      switch (function) {
        case "square":
          return () -> Hello.square(x);
        case "double":
          return () -> Hello_Grad.square(x).dX();
        default:
          throw unknown("hello", function);
      }
    });
  }

  /** {@code primal} and {@code gradient} of {@code {x: double[], n: int}}. */
  static EvalModule llsq() {
    return module("llsq", List.of("primal", "gradient"), (function, input) -> {
      double[] x = Json.vector(Json.field(input, "x"), "x");
      int n = Json.integer(Json.field(input, "n"), "n");
      if (n < 2) {
        throw new IllegalArgumentException("llsq needs n >= 2 points, got " + n);
      }
      switch (function) {
        case "primal":
          return () -> Llsq.primal(x, n);
        case "gradient":
          return () -> Llsq_Grad.primal(x, n).dX();
        default:
          throw unknown("llsq", function);
      }
    });
  }

  /** {@code primal} and {@code gradient} of {@code {x: double[]}}. */
  static EvalModule lse() {
    return module("lse", List.of("primal", "gradient"), (function, input) -> {
      double[] x = Json.vector(Json.field(input, "x"), "x");
      if (x.length == 0) {
        throw new IllegalArgumentException("lse needs a non-empty x");
      }
      switch (function) {
        case "primal":
          return () -> Lse.primal(x);
        case "gradient":
          return () -> Lse_Grad.primal(x).dX();
        default:
          throw unknown("lse", function);
      }
    });
  }

  /** {@code objective} and {@code jacobian} (the gradient, as {@code {alpha, mu, q, l}}). */
  static EvalModule gmm() {
    return module("gmm", List.of("objective", "jacobian"), (function, input) -> {
      int d = Json.integer(Json.field(input, "d"), "d");
      int k = Json.integer(Json.field(input, "k"), "k");
      int n = Json.integer(Json.field(input, "n"), "n");
      int m = Json.integer(Json.field(input, "m"), "m");
      double gamma = Json.number(Json.field(input, "gamma"), "gamma");
      double[] alpha = Json.vector(Json.field(input, "alpha"), "alpha");
      double[][] mu = Json.matrix(Json.field(input, "mu"), "mu");
      double[][] q = Json.matrix(Json.field(input, "q"), "q");
      double[][] l = Json.matrix(Json.field(input, "l"), "l");
      double[][] x = Json.matrix(Json.field(input, "x"), "x");
      if (d < 1 || k < 1 || n < 1 || m < 0) {
        throw new IllegalArgumentException("gmm needs d, k, n >= 1 and m >= 0");
      }
      shape(alpha.length == k, "alpha has " + alpha.length + " entries, k = " + k);
      shape(rows(mu, k, d), "mu is not k × d");
      shape(rows(q, k, d), "q is not k × d");
      shape(rows(l, k, d * (d - 1) / 2), "l is not k × d(d-1)/2");
      shape(rows(x, n, d), "x is not n × d");
      switch (function) {
        case "objective":
          return () -> Gmm.objective(alpha, mu, q, l, x, m, gamma);
        case "jacobian":
          return () -> {
            Gmm_Grad.ObjectiveGradient g = Gmm_Grad.objective(alpha, mu, q, l, x, m, gamma);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("alpha", g.dAlpha());
            out.put("mu", g.dMu());
            out.put("q", g.dQ());
            out.put("l", g.dL());
            return out;
          };
        default:
          throw unknown("gmm", function);
      }
    });
  }

  private static void shape(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static boolean rows(double[][] a, int rows, int columns) {
    if (a.length != rows) {
      return false;
    }
    for (double[] row : a) {
      if (row.length != columns) {
        return false;
      }
    }
    return true;
  }

  private interface Preparer {
    EvalModule.Run prepare(String function, JsonNode input);
  }

  /** A module that names its functions, so that an unknown one is reported before the input is read. */
  private static EvalModule module(String name, List<String> functions, Preparer preparer) {
    return new EvalModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Run prepare(String function, JsonNode input) {
        if (!functions.contains(function)) {
          throw new IllegalArgumentException(
              "module " + name + " has no function \"" + function + "\"; it has " + functions);
        }
        return preparer.prepare(function, input);
      }
    };
  }
}
