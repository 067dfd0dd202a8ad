package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Program;
import io.github.chainrule.processor.testing.Compiled;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differential fuzzer: generates programs ({@link Generator}), compiles them with the
 * processor in batches (one pair of classes per batch, many methods each), and checks every
 * method's generated code at random points against the {@link Reference} ({@link Checker}).
 * Failures carry the seed, batch and program index, the source of the method and its callees, and,
 * if enabled, a minimised program ({@link Shrinker}).
 *
 * <p>A "program" is one generated {@code @Differentiable} method (plain helper methods come on
 * top and are not counted); program {@code i} is the {@code (i % perClass)}-th differentiable
 * method of batch {@code i / perClass}. Batch {@code b} depends only on the seed and
 * {@code b}, so {@code -Dchainrule.fuzz.batch=b} reproduces it alone.
 */
final class Fuzzer {

  /** Settings. */
  record Options(
      long seed,
      int programs,
      int perClass,
      int points,
      int onlyBatch,
      Weights weights,
      Generator.Config gen,
      Reference.Options ref,
      int shrink,
      boolean failOnWarnings,
      PrintStream log) {

    /** The defaults, overridden by {@code chainrule.fuzz.*} system properties. */
    static Options fromSystemProperties(long seed, int programs) {
      return new Options(
          Long.getLong("chainrule.fuzz.seed", seed),
          Integer.getInteger("chainrule.fuzz.programs", programs),
          Integer.getInteger("chainrule.fuzz.perClass", 30),
          Integer.getInteger("chainrule.fuzz.points", 3),
          Integer.getInteger("chainrule.fuzz.batch", -1),
          Weights.parse(System.getProperty("chainrule.fuzz.weights")),
          Generator.Config.defaults(),
          new Reference.Options(
              Double.parseDouble(System.getProperty("chainrule.fuzz.kinkEps", "1e-9")),
              Double.parseDouble(System.getProperty("chainrule.fuzz.maxValue", "1e10")),
              Boolean.parseBoolean(System.getProperty("chainrule.fuzz.skipSingular", "true"))),
          Integer.getInteger("chainrule.fuzz.shrink", 3),
          Boolean.parseBoolean(System.getProperty("chainrule.fuzz.failOnWarnings", "true")),
          System.out);
    }
  }

  /** One failure. */
  record Failure(String kind, String message) {}

  /** Counts. */
  static final class Stats {
    long seed;
    int programs;
    int batches;
    int checkedMethods;
    int methodsWithoutPoint;
    int points;
    int skipped;
    int mismatches;
    int nanMismatches;
    int processorErrors;
    int generatedCodeErrors;
    int warnings;
    int fuzzerBugs;
    long millis;
    final Map<String, Integer> skipReasons = new TreeMap<>();
    final List<Failure> failures = new ArrayList<>();

    String summary() {
      return String.format(
          Locale.ROOT,
          "chainrule fuzz: seed %d, %d programs in %d batches, %d checked (%d without a usable point), %d points (%d skipped),"
              + " %d mismatches (%d of them NaN or infinite where the reference is finite), %d processor errors,"
              + " %d generated-code errors, %d warnings, %d fuzzer bugs, %.1f s",
          seed, programs, batches, checkedMethods, methodsWithoutPoint, points, skipped, mismatches, nanMismatches, processorErrors,
          generatedCodeErrors, warnings, fuzzerBugs, millis / 1000.0);
    }
  }

  private final Options o;
  private final Stats stats = new Stats();
  private int shrinksLeft;
  private final Set<String> seenSignatures = new HashSet<>();

  Fuzzer(Options o) {
    this.o = o;
    this.shrinksLeft = o.shrink();
  }

  static long batchSeed(long seed, int batch) {
    long z = seed * 0x9E3779B97F4A7C15L + batch * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static Program generate(long seed, int batch, int n, Weights w, Generator.Config cfg) {
    Generator g = new Generator(batchSeed(seed, batch), w, cfg);
    return g.program("fuzz", List.of("Fuzz" + batch, "Fuzz" + batch + "Lib"), n);
  }

  Stats run() {
    long start = System.nanoTime();
    stats.seed = o.seed();
    int batches = (o.programs() + o.perClass() - 1) / o.perClass();
    for (int b = 0; b < batches; b++) {
      if (o.onlyBatch() >= 0 && b != o.onlyBatch()) {
        continue;
      }
      if (Checker.hung) {
        o.log().println("  (stopped after batch " + (b - 1) + ": generated code hung and its thread could not be stopped)");
        break;
      }
      int n = Math.min(o.perClass(), o.programs() - b * o.perClass());
      batch(b, n);
      stats.batches++;
    }
    stats.millis = (System.nanoTime() - start) / 1_000_000;
    o.log().println(stats.summary());
    if (!stats.skipReasons.isEmpty()) {
      o.log().println("  skipped points by reason: " + stats.skipReasons);
    }
    return stats;
  }

  private void batch(int b, int n) {
    Program p = generate(o.seed(), b, n, o.weights(), o.gen());
    current = p;
    for (Ast.Method m : p.methods()) {
      stats.programs += m.plain() ? 0 : 1;
    }
    Set<Integer> live = new TreeSet<>();
    for (int i = 0; i < p.methods().size(); i++) {
      live.add(i);
    }
    Compiled c = null;
    JavaPrinter.Printed printed = null;
    for (int attempt = 0; attempt < 4 && !live.isEmpty(); attempt++) {
      printed = JavaPrinter.print(p, live);
      c = Compiled.compile(printed.sources());
      if (c.succeeded()) {
        break;
      }
      Set<Integer> bad = new TreeSet<>();
      boolean unattributed = false;
      List<Diagnostics.Diag> diags = Diagnostics.of(c, printed, p, false);
      // Is our source valid Java without the processor? If not, the generator is to blame.
      for (Diagnostics.Diag d : Diagnostics.javacAlone(printed, p)) {
        if (d.method() >= 0 && bad.add(d.method())) {
          compileFailure(p, b, d);
        }
      }
      boolean others = diags.stream().anyMatch(d -> !"CR317".equals(d.code()));
      for (Diagnostics.Diag d : diags) {
        if (d.method() < 0) {
          unattributed = true;
          continue;
        }
        if ("CR317".equals(d.code()) && others) {
          bad.add(d.method()); // a call of a method (or class) with errors: a consequence
          continue;
        }
        if (bad.add(d.method())) {
          compileFailure(p, b, d);
        }
      }
      if (bad.isEmpty()) {
        fail("compile", b, -1, "the batch does not compile, and no error names a method:\n" + c.diagnostics() + "\n" + JavaPrinter.text(p, live));
        stats.fuzzerBugs++;
        return;
      }
      // Drop the failing methods and their callers, and compile the rest again.
      Set<Integer> drop = new TreeSet<>(bad);
      for (int i : live) {
        for (int k : Ast.closure(p, i)) {
          if (bad.contains(k)) {
            drop.add(i);
          }
        }
      }
      live.removeAll(drop);
      c = null;
      if (unattributed) {
        o.log().println("  (batch " + b + ": some diagnostics named no method)");
      }
    }
    if (c == null || !c.succeeded()) {
      return;
    }
    // Methods left out of the compilation count as absent (for the names of overloads).
    List<Ast.Method> present = new ArrayList<>();
    for (int i = 0; i < p.methods().size(); i++) {
      Ast.Method m = p.methods().get(i);
      present.add(live.contains(i) ? m : new Ast.Method(m.owner(), m.name(), m.params(), m.ret(), m.wrt(), m.body(), true));
    }
    p = p.withMethods(present);
    if (o.failOnWarnings()) {
      Set<Integer> warned = new HashSet<>();
      for (Diagnostics.Diag d : Diagnostics.of(c, printed, p, true)) {
        if (d.kind() == javax.tools.Diagnostic.Kind.ERROR) {
          continue;
        }
        // Warnings about our own sources are not the processor's (JDK 21+ lints the lossy compound
        // assignments the generator writes on purpose).
        if (d.origin() == Diagnostics.Origin.GENERATED && warned.add(d.method())) {
          stats.warnings++;
          fail("warning", b, d.method(), "javac warns about the generated code:\n  " + d + "\n" + source(p, d.method()));
        }
      }
    }
    // javac itself can miscompile a generated original (seen: an if (true) whose dead else holds
    // a switch, then switch expressions: a VerifyError in the original class): not ours to check.
    for (int k = 0; k < p.classNames().size(); k++) {
      try {
        Class<?> original = c.load(p.qualified(k));
        Class.forName(original.getName(), true, original.getClassLoader());
      } catch (VerifyError e) {
        stats.skipReasons.merge("batch: javac miscompiled the original (VerifyError)", 1, Integer::sum);
        return;
      } catch (AssertionError | ClassNotFoundException | LinkageError | RuntimeException e) {
        // Reported by the checks below, as before.
      }
    }
    Checker checker = new Checker(c, p);
    for (int m : live) {
      if (!p.methods().get(m).plain()) {
        method(p, b, m, checker);
      }
    }
  }

  private void compileFailure(Program p, int b, Diagnostics.Diag d) {
    switch (d.origin()) {
      case PROCESSOR:
        stats.processorErrors++;
        fail("processor-error", b, d.method(), "the processor rejects a valid method:\n  " + d + "\n" + source(p, d.method()) + shrinkCompileFailure(p, b, d));
        break;
      case GENERATED:
        stats.generatedCodeErrors++;
        fail("generated-code-error", b, d.method(), "the generated code does not compile:\n  " + d + "\n" + source(p, d.method()) + shrinkCompileFailure(p, b, d));
        break;
      default:
        stats.fuzzerBugs++;
        fail("generator", b, d.method(), "the generator wrote invalid Java (a fuzzer bug):\n  " + d + "\n" + source(p, d.method()));
    }
  }

  private String shrinkCompileFailure(Program p, int b, Diagnostics.Diag d) {
    if (!takeShrink(d.origin() + ":" + d.code())) {
      return "";
    }
    Shrinker s = new Shrinker(Shrinker.Goal.compile(d.origin(), d.code()), o.ref(), o.log());
    Shrinker.Outcome out = s.shrink(Ast.extract(p, d.method()));
    return out.report();
  }

  private boolean takeShrink(String signature) {
    if (shrinksLeft <= 0 || !seenSignatures.add(signature)) {
      return false;
    }
    shrinksLeft--;
    return true;
  }

  private void method(Program p, int b, int m, Checker checker) {
    Random r = new Random(batchSeed(o.seed(), b) ^ (m * 0x9E3779B97F4A7C15L));
    Reference ref = new Reference(p, o.ref());
    boolean floaty = Ast.usesFloat(p, m);
    int good = 0;
    for (int attempt = 0; attempt < o.points() * 6 && good < o.points(); attempt++) {
      Object[] args = Checker.randomArgs(p.methods().get(m), r);
      Reference.Result res;
      try {
        res = ref.eval(m, args);
      } catch (Reference.Skip s) {
        stats.skipped++;
        stats.skipReasons.merge(bucket(s.getMessage()), 1, Integer::sum);
        continue;
      } catch (RuntimeException e) {
        stats.fuzzerBugs++;
        fail("reference", b, m, "the reference failed (a fuzzer bug): " + Checker.stack(e) + "\n" + source(p, m));
        return;
      }
      good++;
      stats.points++;
      Checker.Mismatch mm = checker.check(m, args, res, floaty, r);
      if (mm != null) {
        if (mm.kind().equals("reference")) {
          stats.fuzzerBugs++;
        } else {
          stats.mismatches++;
          stats.nanMismatches += mm.nan() ? 1 : 0;
        }
        String msg = mm.detail() + "\n  at (" + Checker.format(args) + ")\n" + source(p, m);
        if (!mm.kind().equals("reference") && takeShrink(mm.signature())) {
          Shrinker s = new Shrinker(Shrinker.Goal.mismatch(mm, args), o.ref(), o.log());
          msg += s.shrink(Ast.extract(p, m)).report();
        }
        fail(mm.kind(), b, m, msg);
        return;
      }
    }
    stats.checkedMethods++;
    if (good == 0) {
      stats.methodsWithoutPoint++;
    }
  }

  private static String bucket(String reason) {
    if (reason == null) {
      return "?";
    }
    if (reason.contains("near a kink")) {
      return reason.substring(0, reason.indexOf(" near a kink")) + " near a kink";
    }
    if (reason.contains("beyond")) {
      return "value too large";
    }
    if (reason.contains(" gave ")) {
      return reason.substring(0, reason.indexOf(" gave ")) + " not finite";
    }
    if (reason.startsWith("derivative") || reason.contains(": derivative")) {
      return "derivative not finite or too large";
    }
    return reason.replaceAll("[-0-9.E]+$", "").trim();
  }

  private String source(Program p, int m) {
    if (m < 0) {
      return "";
    }
    return "source (the method and the methods it calls):\n" + indent(JavaPrinter.text(Ast.extract(p, m), null));
  }

  static String indent(String s) {
    return "    " + s.replace("\n", "\n    ");
  }

  private void fail(String kind, int b, int m, String detail) {
    String head =
        String.format(
            Locale.ROOT,
            "[%s] seed %d, batch %d, %s%n  reproduce: -Dchainrule.fuzz.seed=%d -Dchainrule.fuzz.batch=%d -Dchainrule.fuzz.programs=%d -Dchainrule.fuzz.perClass=%d%n",
            kind, o.seed(), b, m < 0 ? "no method" : "method #" + m + " (program #" + ((long) b * o.perClass() + ordinal(m)) + ")",
            o.seed(), b, o.programs(), o.perClass());
    Failure f = new Failure(kind, head + "  " + detail);
    stats.failures.add(f);
    o.log().println(f.message());
    o.log().println();
  }

  private Program current;

  /** The position of method {@code m} among the differentiable methods of its batch. */
  private int ordinal(int m) {
    int k = 0;
    for (int i = 0; i < m && current != null && i < current.methods().size(); i++) {
      k += current.methods().get(i).plain() ? 0 : 1;
    }
    return k;
  }

  static String describe(List<Failure> failures, int max) {
    StringBuilder b = new StringBuilder();
    Map<String, Integer> byKind = new TreeMap<>();
    for (Failure f : failures) {
      byKind.merge(f.kind(), 1, Integer::sum);
    }
    b.append(failures.size()).append(" failures ").append(byKind).append("\n\n");
    for (int i = 0; i < Math.min(max, failures.size()); i++) {
      b.append(failures.get(i).message()).append("\n\n");
    }
    return b.toString();
  }

  static String args(Object[] a) {
    return Arrays.toString(a);
  }
}
