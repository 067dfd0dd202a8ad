package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Assign;
import io.github.chainrule.processor.fuzz.Ast.Block;
import io.github.chainrule.processor.fuzz.Ast.Call;
import io.github.chainrule.processor.fuzz.Ast.Decl;
import io.github.chainrule.processor.fuzz.Ast.Expr;
import io.github.chainrule.processor.fuzz.Ast.ExprStmt;
import io.github.chainrule.processor.fuzz.Ast.If;
import io.github.chainrule.processor.fuzz.Ast.IncDec;
import io.github.chainrule.processor.fuzz.Ast.JType;
import io.github.chainrule.processor.fuzz.Ast.Lit;
import io.github.chainrule.processor.fuzz.Ast.Method;
import io.github.chainrule.processor.fuzz.Ast.Param;
import io.github.chainrule.processor.fuzz.Ast.Program;
import io.github.chainrule.processor.fuzz.Ast.Ref;
import io.github.chainrule.processor.fuzz.Ast.Return;
import io.github.chainrule.processor.fuzz.Ast.Stmt;
import io.github.chainrule.processor.testing.Compiled;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Minimises a failing program greedily: deletes statements, inlines branches and blocks, replaces
 * subexpressions by a same-typed operand, a simple literal or a parameter, while the failure
 * persists. Candidates are filtered by {@link Validator}, then compiled many at a time (renamed
 * copies in one batch); the smallest that still fails is kept, and the search starts again.
 */
final class Shrinker {
  private static final int CHUNK = 24;
  private static final int MAX_COMPILES = Integer.getInteger("chainrule.fuzz.shrinkCompiles", 60);

  /** What must persist: a mismatch of a kind (at some point), or a compile diagnostic. */
  record Goal(String kind, boolean nan, Diagnostics.Origin origin, String code, Object[] args) {
    static Goal compile(Diagnostics.Origin origin, String code) {
      return new Goal("compile", false, origin, code, null);
    }

    static Goal mismatch(Checker.Mismatch m, Object[] args) {
      return new Goal(m.kind(), m.nan(), null, null, args);
    }

    boolean isCompile() {
      return kind.equals("compile");
    }
  }

  /** What a candidate showed: the point and mismatch, or the diagnostic. */
  record Evidence(Object[] args, Reference.Result ref, Checker.Mismatch mismatch, String diagnostic) {}

  /** The result. */
  record Outcome(Program program, Evidence evidence, int compiles, int before, int after) {
    String report() {
      if (evidence == null) {
        return "\n  (the shrinker could not reproduce the failure in isolation)";
      }
      StringBuilder b = new StringBuilder();
      b.append("\n  minimised (size ").append(before).append(" -> ").append(after).append(", ").append(compiles).append(" compilations):\n");
      b.append(Fuzzer.indent(JavaPrinter.text(program, null, true))).append("\n");
      if (evidence.diagnostic() != null) {
        b.append("  diagnostic: ").append(evidence.diagnostic()).append("\n");
      } else {
        Method m = program.methods().get(program.methods().size() - 1);
        b.append("  at (").append(Checker.format(evidence.args())).append("): ").append(evidence.mismatch().detail().replace("\n", "\n  ")).append("\n");
        b.append("  reference: value ").append(evidence.ref().value()).append(", gradient ").append(Arrays.toString(evidence.ref().gradient()));
        b.append(" with respect to ").append(m.diffParams().stream().map(Param::name).toList()).append("\n");
        b.append("  as a regression case for FuzzRegressionTest:\n").append(snippet());
      }
      return b.toString();
    }

    /** A call of {@code FuzzRegressionTest.check} with the program and the reference's result. */
    String snippet() {
      Method m = program.methods().get(program.methods().size() - 1);
      Map<String, String> sources = JavaPrinter.print(program, null, true).sources();
      StringBuilder b = new StringBuilder("    check(\n");
      if (sources.size() > 1) {
        b.append("        Map.of(\n");
      }
      int k = 0;
      for (Map.Entry<String, String> e : sources.entrySet()) {
        String indent = sources.size() > 1 ? "            " : "        ";
        if (sources.size() > 1) {
          b.append(indent).append('"').append(e.getKey()).append("\",\n");
        }
        b.append(indent).append("\"\"\"\n");
        for (String line : e.getValue().split("\n")) {
          b.append(line.isEmpty() ? "" : indent + line).append("\n");
        }
        b.append(indent).append("\"\"\"").append(++k < sources.size() ? ",\n" : sources.size() > 1 ? "),\n" : ",\n");
      }
      b.append("        \"").append(program.qualified(m.owner())).append("\", \"").append(m.name()).append("\",\n");
      b.append("        new Object[] {").append(Checker.format(evidence.args())).append("},\n");
      b.append("        ").append(Ast.usesFloat(program, program.methods().size() - 1) ? "Checker.FLOAT_RTOL" : "Checker.RTOL").append(",\n");
      b.append("        ").append(evidence.ref().value());
      for (double g : evidence.ref().gradient()) {
        b.append(", ").append(g);
      }
      b.append(");\n");
      return b.toString();
    }
  }

  private final Goal goal;
  private final Reference.Options ref;
  private final PrintStream log;
  private int compiles;

  Shrinker(Goal goal, Reference.Options ref, PrintStream log) {
    this.goal = goal;
    this.ref = ref;
    this.log = log;
  }

  /** Shrinks {@code q}, whose last method is the failing one (see {@link Ast#extract}). */
  Outcome shrink(Program q) {
    int before = measure(q);
    List<Evidence> first = test(List.of(q));
    Evidence ev = first.get(0);
    if (ev == null) {
      return new Outcome(q, null, compiles, before, before);
    }
    Program cur = q;
    boolean progress = true;
    while (progress && compiles < MAX_COMPILES) {
      progress = false;
      List<Program> cands = candidates(cur);
      for (int from = 0; from < cands.size() && compiles < MAX_COMPILES; from += CHUNK) {
        List<Program> chunk = cands.subList(from, Math.min(cands.size(), from + CHUNK));
        List<Evidence> res = test(chunk);
        int best = -1;
        for (int j = 0; j < chunk.size(); j++) {
          if (res.get(j) != null && (best < 0 || measure(chunk.get(j)) < measure(chunk.get(best)))) {
            best = j;
          }
        }
        if (best >= 0) {
          Program c = chunk.get(best);
          cur = Ast.extract(c, c.methods().size() - 1);
          ev = res.get(best);
          progress = true;
          break;
        }
      }
    }
    log.println("  (shrunk from size " + before + " to " + measure(cur) + " in " + compiles + " compilations)");
    return new Outcome(cur, ev, compiles, before, measure(cur));
  }

  /** Size, counting a literal that is not 0, 1 or 2 once more. */
  static int measure(Program q) {
    int n = 0;
    for (Method m : q.methods()) {
      n += 2 * Ast.size(m.body()) + (m.wrt() == null ? 0 : 1);
      int[] lits = {0};
      Ast.Walk.stmts(m.body(), e -> {
        if (e instanceof Lit l && !simple(l)) {
          lits[0]++;
        }
      });
      n += lits[0];
    }
    return n;
  }

  private static boolean simple(Lit l) {
    if (l.type() == JType.BOOLEAN) {
      return true;
    }
    double v = l.type().floating() ? l.d() : l.l();
    return v == 0 || v == 1 || v == 2;
  }

  // ---- Testing candidates ---------------------------------------------------------------------

  /** Compiles the candidates in one batch; for each, the evidence that it fails, or null. */
  private List<Evidence> test(List<Program> cands) {
    List<Evidence> out = new ArrayList<>();
    for (int j = 0; j < cands.size(); j++) {
      out.add(null);
    }
    // One program with every candidate's methods, renamed m_cJ.
    List<Method> all = new ArrayList<>();
    int[] offset = new int[cands.size() + 1];
    for (int j = 0; j < cands.size(); j++) {
      offset[j] = all.size();
      int off = offset[j];
      for (Method m : cands.get(j).methods()) {
        List<Stmt> body = Ast.Rewrite.stmts(m.body(), e -> e instanceof Call c ? new Call(c.method() + off, c.qualified(), c.args(), c.type()) : e);
        all.add(new Method(m.owner(), m.name() + "_c" + j, m.params(), m.ret(), m.wrt(), body, m.plain()));
      }
    }
    offset[cands.size()] = all.size();
    Program batch = cands.get(0).withMethods(all);
    Set<Integer> live = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      live.add(i);
    }
    for (int attempt = 0; attempt < 3 && !live.isEmpty(); attempt++) {
      JavaPrinter.Printed printed = JavaPrinter.print(batch, live);
      Compiled c = Compiled.compile(printed.sources());
      compiles++;
      List<Diagnostics.Diag> diags = c.succeeded() ? List.of() : Diagnostics.of(c, printed, batch, false);
      if (goal.isCompile()) {
        Set<Integer> invalid = new HashSet<>();
        for (Diagnostics.Diag d : Diagnostics.javacAlone(printed, batch)) {
          invalid.add(d.method() < 0 ? -1 : candidateOf(offset, d.method()));
        }
        if (invalid.contains(-1)) {
          return out;
        }
        for (Diagnostics.Diag d : diags) {
          if (d.method() >= 0 && invalid.contains(candidateOf(offset, d.method()))) {
            continue; // not valid Java: the processor may well reject it
          }
          if (d.method() >= 0 && d.origin() == goal.origin() && (goal.code() == null || goal.code().equals(d.code()))) {
            int j = candidateOf(offset, d.method());
            if (out.get(j) == null) {
              out.set(j, new Evidence(null, null, null, d.toString().replaceAll("_c\\d+", "")));
            }
          }
        }
        return out;
      }
      if (!c.succeeded()) {
        Set<Integer> drop = new HashSet<>();
        for (Diagnostics.Diag d : diags) {
          if (d.method() < 0) {
            return out; // cannot tell which candidate: give up on this chunk
          }
          int j = candidateOf(offset, d.method());
          for (int i = offset[j]; i < offset[j + 1]; i++) {
            drop.add(i);
          }
        }
        live.removeAll(drop);
        continue;
      }
      Checker checker = new Checker(c, batch, 2000);
      for (int j = 0; j < cands.size(); j++) {
        if (live.contains(offset[j])) {
          out.set(j, reproduce(batch, offset[j + 1] - 1, checker, j));
        }
      }
      return out;
    }
    return out;
  }

  private static int candidateOf(int[] offset, int method) {
    for (int j = 0; j + 1 < offset.length; j++) {
      if (method >= offset[j] && method < offset[j + 1]) {
        return j;
      }
    }
    throw new IllegalStateException();
  }

  private Evidence reproduce(Program batch, int target, Checker checker, int j) {
    Reference reference = new Reference(batch, ref);
    boolean floaty = Ast.usesFloat(batch, target);
    Random r = new Random(7919L * (j + 1));
    Method m = batch.methods().get(target);
    int tries = 0;
    for (int attempt = 0; attempt < 12 && tries < 5; attempt++) {
      Object[] args = attempt == 0 && goal.args() != null && goal.args().length == m.params().size() ? goal.args() : Checker.randomArgs(m, r);
      Reference.Result res;
      try {
        res = reference.eval(target, args);
      } catch (Reference.Skip s) {
        continue;
      } catch (RuntimeException e) {
        return null;
      }
      tries++;
      Checker.Mismatch mm = checker.check(target, args, res, floaty, new Random(1));
      if (mm != null && mm.kind().equals(goal.kind()) && mm.nan() == goal.nan()) {
        String detail = mm.detail().replaceAll("_c\\d+", "");
        return new Evidence(args, res, new Checker.Mismatch(mm.kind(), detail, mm.nan()), null);
      }
    }
    return null;
  }

  // ---- Candidates -----------------------------------------------------------------------------

  /** Valid single-edit variants of {@code q} that are smaller, smallest first. */
  static List<Program> candidates(Program q) {
    int size = measure(q);
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < q.methods().size(); i++) {
      Method m = q.methods().get(i);
      List<List<Stmt>> bodies = listVariants(m.body(), m);
      for (List<Stmt> b : bodies) {
        out.add(replace(q, i, m.withBody(b)));
      }
      if (m.wrt() != null) {
        out.add(replace(q, i, new Method(m.owner(), m.name(), m.params(), m.ret(), null, m.body(), m.plain())));
      }
    }
    List<Program> valid = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Program c : out) {
      if (measure(c) < size && Validator.valid(c) && seen.add(JavaPrinter.text(c, null))) {
        valid.add(c);
      }
    }
    valid.sort(Comparator.comparingInt(Shrinker::measure));
    return valid;
  }

  private static Program replace(Program q, int i, Method m) {
    List<Method> ms = new ArrayList<>(q.methods());
    ms.set(i, m);
    return q.withMethods(ms);
  }

  private static List<List<Stmt>> listVariants(List<Stmt> body, Method m) {
    List<List<Stmt>> out = new ArrayList<>();
    for (int k = 0; k < body.size(); k++) {
      out.add(splice(body, k, List.of()));
      for (List<Stmt> rep : stmtVariants(body.get(k), m)) {
        out.add(splice(body, k, rep));
      }
    }
    return out;
  }

  private static List<Stmt> splice(List<Stmt> body, int k, List<Stmt> rep) {
    List<Stmt> out = new ArrayList<>(body.subList(0, k));
    out.addAll(rep);
    out.addAll(body.subList(k + 1, body.size()));
    return out;
  }

  private static List<List<Stmt>> stmtVariants(Stmt s, Method m) {
    List<List<Stmt>> out = new ArrayList<>();
    if (s instanceof Decl d) {
      if (d.init() != null) {
        for (Expr v : exprVariants(d.init(), m)) {
          out.add(List.of(new Decl(d.declared(), d.name(), d.type(), v)));
        }
      }
    } else if (s instanceof ExprStmt e) {
      if (e.e() instanceof Assign a) {
        for (Expr v : exprVariants(a.e(), m)) {
          out.add(List.of(new ExprStmt(new Assign(a.name(), a.op(), v, a.type()))));
        }
      }
    } else if (s instanceof Ast.Store st) {
      // The index is kept (in bounds by construction); the value shrinks.
      for (Expr v : exprVariants(st.value(), m)) {
        out.add(List.of(new Ast.Store(st.name(), st.index(), st.op(), v)));
      }
    } else if (s instanceof Ast.Store2 st) {
      for (Expr v : exprVariants(st.value(), m)) {
        out.add(List.of(new Ast.Store2(st.name(), st.row(), st.col(), st.op(), v)));
      }
    } else if (s instanceof Ast.ForEach f) {
      if (f.label() != null) {
        out.add(List.of(new Ast.ForEach(null, f.varType(), f.var(), f.array(), f.body())));
      }
      for (List<Stmt> v : listVariants(f.body(), m)) {
        out.add(List.of(new Ast.ForEach(f.label(), f.varType(), f.var(), f.array(), v)));
      }
    } else if (s instanceof Return r) {
      for (Expr v : exprVariants(r.e(), m)) {
        out.add(List.of(new Return(v)));
      }
    } else if (s instanceof If i) {
      out.add(i.then());
      if (i.otherwise() != null) {
        out.add(i.otherwise());
        out.add(List.of(new If(i.cond(), i.then(), null)));
      }
      for (Expr v : exprVariants(i.cond(), m)) {
        out.add(List.of(new If(v, i.then(), i.otherwise())));
      }
      for (List<Stmt> v : listVariants(i.then(), m)) {
        out.add(List.of(new If(i.cond(), v, i.otherwise())));
      }
      if (i.otherwise() != null) {
        for (List<Stmt> v : listVariants(i.otherwise(), m)) {
          out.add(List.of(new If(i.cond(), i.then(), v)));
        }
      }
    } else if (s instanceof Block b) {
      out.add(b.body());
      for (List<Stmt> v : listVariants(b.body(), m)) {
        out.add(List.of(new Block(v)));
      }
    } else if (s instanceof Ast.Loop l) {
      // The loop's head (counter, condition, update) is never edited: it keeps the loop bounded.
      out.add(l.body());
      if (l.label() != null) {
        out.add(List.of(new Ast.Loop(l.kind(), null, l.init(), l.cond(), l.update(), l.body())));
      }
      for (List<Stmt> v : listVariants(l.body(), m)) {
        out.add(List.of(new Ast.Loop(l.kind(), l.label(), l.init(), l.cond(), l.update(), v)));
      }
    }
    return out;
  }

  private static List<Expr> exprVariants(Expr e, Method m) {
    List<Expr> out = new ArrayList<>();
    for (Expr c : Ast.children(e)) {
      if (c.type() == e.type()) {
        out.add(c);
      }
    }
    if (e instanceof IncDec i) {
      out.add(new Ref(i.name(), i.type()));
    }
    if (!e.type().array() && !(e instanceof Lit l && simple(l))) {
      out.add(e.type() == JType.BOOLEAN ? Lit.bool(true) : Lit.of(e.type(), 1));
      if (e.type() == JType.BOOLEAN) {
        out.add(Lit.bool(false));
      }
    }
    if (!(e instanceof Ref) && !(e instanceof Lit)) {
      for (Param q : m.params()) {
        if (q.type() == e.type()) {
          out.add(new Ref(q.name(), q.type()));
          break;
        }
      }
    }
    // Indices are kept (in bounds by construction).
    List<Expr> kids = e instanceof Ast.Load || e instanceof Ast.Load2 || e instanceof Ast.Row ? List.of() : Ast.children(e);
    for (int j = 0; j < kids.size(); j++) {
      for (Expr v : exprVariants(kids.get(j), m)) {
        List<Expr> k = new ArrayList<>(kids);
        k.set(j, v);
        out.add(Ast.withChildren(e, k));
      }
    }
    return out;
  }
}
