package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the body of one generated method from an IR function body.
 *
 * <p>A-normal form has one temporary per operation; to read like hand-written code, a temporary
 * read exactly once, later in the same block, with nothing in between overwriting what it reads
 * (variables, or array memory for a load), is written in place of its use. Each variable is
 * declared in the innermost block holding all its uses: at its first assignment when that stands
 * directly in that block, else just before the statement holding its first use (zeroed, unless that
 * statement is a branch assigning it on both sides, as Java's definite assignment requires).
 */
final class BodyWriter {
  private final Names names;
  private final String sourceFile;
  private final String tape;
  private final Map<Var, Expr> inlined = new HashMap<>();
  private final Map<Var, Origin> inlinedOrigins = new HashMap<>();
  private final Map<Var, Integer> uses = new HashMap<>();
  private final Map<Var, Integer> defs = new HashMap<>();
  private final ExprWriter exprs;
  private final Map<List<Stmt>, Place> containing = new IdentityHashMap<>();
  private final Map<List<Stmt>, Map<Integer, List<Declaration>>> declarations = new IdentityHashMap<>();
  private final Set<Stmt> declaringAssignments = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private Origin lastOrigin;
  private String scratch;
  private int scratchSize;
  private final String method;
  /** Where each inlined temporary is defined and used: statement indices in one block. */
  private final Map<Var, Span> spans = new HashMap<>();
  private Map<List<Stmt>, List<Outliner.Part>> parts = Map.of();
  private final Set<Var> frameVars = new HashSet<>();
  private String frame;
  private String frameType;
  private final List<MethodSpec> helpers = new ArrayList<>();
  private final List<Var> zeroed = new ArrayList<>();
  private final List<Var> arrays = new ArrayList<>();
  private String framePool;
  private static final ClassName TAPE = ClassName.get("io.github.chainrule", "Tape");
  /** The body of an outlined method: its frame's fields start at zero there. */
  private List<Stmt> top;

  /** What to emit right before the final return (the pullback's adjoint outputs). */
  interface Epilogue {
    void write(CodeBlock.Builder code, ExprWriter exprs);
  }

  /** A declaration placed before a statement. */
  private record Declaration(Var var, boolean initialise) {}

  /** An inlined temporary's definition and use ({@code block.size()} for a loop's condition). */
  private record Span(List<Stmt> block, int def, int use) {}

  /** A nested block's place: its parent block and the index of the statement there. */
  private record Place(List<Stmt> parent, int index) {}

  /**
   * @param method the name of the generated method (its parts are named after it)
   * @param tape the name of the {@code Tape} parameter, or null where the method has none
   */
  BodyWriter(Names names, String sourceFile, String method, String tape) {
    this.method = method;
    this.names = names;
    this.sourceFile = sourceFile;
    this.tape = tape;
    this.exprs = new ExprWriter(names, inlined);
  }

  ExprWriter exprs() {
    return exprs;
  }

  /**
   * Writes {@code body}.
   *
   * @param backwardStart index of the first top-level statement of the backward sweep, or -1
   * @param params the variables that are parameters of the generated method (never declared)
   * @param epilogueReads the variables that {@code epilogue} reads
   */
  CodeBlock write(List<Stmt> body, int backwardStart, List<Var> params, Epilogue epilogue, List<Var> epilogueReads) {
    Stmts.forEach(body, this::count);
    findInlined(body);
    findDeclarations(body, new HashSet<>(params));
    parts =
        new Outliner(inlined, (block, k) -> declarations.getOrDefault(block, Map.of()).getOrDefault(k, List.of()).size())
            .plan(body, backwardStart);
    if (!parts.isEmpty()) {
      // A temporary defined in one method and used in another is a variable after all.
      boolean changed = false;
      for (Map.Entry<Var, Span> e : spans.entrySet()) {
        Span sp = e.getValue();
        if (partAt(sp.block(), sp.def()) != partAt(sp.block(), sp.use())) {
          changed |= inlined.remove(e.getKey()) != null;
        }
      }
      if (changed) {
        declarations.clear();
        declaringAssignments.clear();
        containing.clear();
        findDeclarations(body, new HashSet<>(params));
      }
      top = body;
    }
    if (!parts.isEmpty()) {
      findFrame(body, new HashSet<>(params), epilogueReads);
    }
    CodeBlock.Builder code = CodeBlock.builder();
    String mark = null;
    if (tape != null) {
      // The tape's position on entry: restored on return, and on anything thrown (see the end).
      mark = names.fresh("mark");
      code.addStatement("int $N = $N.mark()", mark, tape);
      code.beginControlFlow("try");
      if (borrowsArrays(body)) {
        // Local double[] arrays come from the tape and go back to it on return.
        exprs.lendArraysFrom(tape);
      }
    }
    if (scratchSize > 0) {
      scratch = names.fresh("calleeAdj");
      code.addStatement("double[] $N = new double[$L]", scratch, scratchSize);
    }
    if (!parts.isEmpty()) {
      openFrame(code, params);
    }
    for (int k = 0; k < body.size(); k++) {
      Outliner.Part part = partAt(body, k);
      if (part != null) {
        if (k == part.from()) {
          call(code, part, backwardStart);
        }
        continue;
      }
      if (k == backwardStart) {
        code.add("\n// Backward sweep: the chain rule, node by node in reverse order.\n");
        lastOrigin = null;
      }
      Stmt s = body.get(k);
      if (s instanceof Stmt.Return && epilogue != null) {
        epilogue.write(code, exprs);
      }
      if (s instanceof Stmt.Return r && frame != null) {
        // The result is read from the frame before the frame goes back to the tape.
        String result = names.fresh("result");
        comment(code, r.origin());
        code.addStatement("$L $N = $L", r.value().type().javaName(), result, exprs.value(r.value()));
        if (!arrays.isEmpty()) {
          code.addStatement("$N.dropArrays()", frame);
        }
        code.addStatement("$N.keepFrame($N)", framePool, frame);
        if (mark != null) {
          code.addStatement("$N.release($N)", tape, mark);
        }
        code.addStatement("return $N", result);
        continue;
      }
      if (s instanceof Stmt.Return && mark != null) {
        code.addStatement("$N.release($N)", tape, mark);
      }
      declare(code, body, k);
      statement(code, s);
    }
    if (mark != null) {
      String thrown = names.fresh("thrown");
      code.nextControlFlow("catch ($T $N)", Throwable.class, thrown)
          .addStatement("$N.reset($N)", tape, mark)
          .addStatement("throw $N", thrown)
          .endControlFlow();
    }
    return code.build();
  }

  private static boolean borrowsArrays(List<Stmt> body) {
    boolean[] found = new boolean[1];
    Stmts.forEach(
        body,
        s -> found[0] |=
            s instanceof Stmt.Assign a
                && a.expr() instanceof Expr.Apply ap
                && ap.op() == Op.NEW_ARRAY
                && ap.type() == Type.DOUBLE_ARRAY);
    return found[0];
  }

  // ---- Outlining --------------------------------------------------------------------------------

  /** The helper methods of an outlined body (its parts), in order; empty if it was written whole. */
  List<MethodSpec> helpers() {
    return helpers;
  }

  /**
   * The class of the frame through which the parts of an outlined body share variables (one field
   * each), or null if the body was written whole.
   */
  TypeSpec frameClass() {
    if (frame == null) {
      return null;
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(frameType)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The variables that the parts of {@code $L} share: one object per call, kept on the tape for the next.\n", method);
    List<Var> sorted = new ArrayList<>(frameVars);
    sorted.sort(Comparator.comparingInt(Var::id));
    for (Var v : sorted) {
      type.addField(FieldSpec.builder(GradientWriter.type(v.type()), names.raw(v)).build());
    }
    if (!zeroed.isEmpty()) {
      fieldsTo(type, "reset", "Zeroes the fields that the method's body expects zero, for a reused frame.", zeroed);
    }
    if (!arrays.isEmpty()) {
      fieldsTo(type, "dropArrays", "Lets go of the arrays of the last call, before the frame is kept.", arrays);
    }
    return type.build();
  }

  /** Fields per method of {@link #fieldsTo}: a few bytes each, far under HotSpot's limit. */
  private static final int FIELDS_PER_METHOD = 1_000;

  /**
   * Adds {@code name()}, which sets each field of {@code vars} to zero (or null), split into
   * {@code name1()}, {@code name2()} ... where there are many.
   */
  private void fieldsTo(TypeSpec.Builder type, String name, String doc, List<Var> vars) {
    MethodSpec.Builder top = MethodSpec.methodBuilder(name).addJavadoc("$L\n", doc);
    for (int from = 0, n = 1; from < vars.size(); from += FIELDS_PER_METHOD, n++) {
      List<Var> chunk = vars.subList(from, Math.min(vars.size(), from + FIELDS_PER_METHOD));
      MethodSpec.Builder target = top;
      if (vars.size() > FIELDS_PER_METHOD) {
        target = MethodSpec.methodBuilder(name + n).addModifiers(Modifier.PRIVATE);
        top.addStatement("$N()", name + n);
      }
      for (Var v : chunk) {
        target.addStatement("$N = $L", names.raw(v), v.type().isArray() ? "null" : ExprWriter.zero(v.type()));
      }
      if (target != top) {
        type.addMethod(target.build());
      }
    }
    type.addMethod(top.build());
  }

  /** The part of a cut block that holds statement {@code k}, or null. */
  private Outliner.Part partAt(List<Stmt> block, int k) {
    List<Outliner.Part> split = parts.get(block);
    if (split != null) {
      for (Outliner.Part p : split) {
        if (p.from() <= k && k < p.to()) {
          return p;
        }
      }
    }
    return null;
  }

  /** Creates the frame and copies into it the parameters that parts use. */
  private void openFrame(CodeBlock.Builder code, List<Var> params) {
    frame = names.fresh("frame");
    frameType = Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Frame";
    // Fields declared zeroed in the body itself: a new frame has them so, a reused one is reset.
    for (List<Declaration> ds : declarations.getOrDefault(top, Map.of()).values()) {
      for (Declaration d : ds) {
        if (d.initialise() && frameVars.contains(d.var())) {
          zeroed.add(d.var());
        }
      }
    }
    zeroed.sort(Comparator.comparingInt(Var::id));
    for (Var v : frameVars) {
      if (v.type().isArray()) {
        arrays.add(v);
      }
    }
    arrays.sort(Comparator.comparingInt(Var::id));
    framePool = tape;
    if (framePool == null) {
      framePool = names.fresh("frames");
      code.addStatement("$T $N = $T.forThread()", TAPE, framePool, TAPE);
    }
    // A warm call reuses the frame of an earlier one: no allocation.
    code.addStatement("$N $N = ($N) $N.takeFrame($N.class)", frameType, frame, frameType, framePool, frameType);
    code.beginControlFlow("if ($N == null)", frame).addStatement("$N = new $N()", frame, frameType);
    if (!zeroed.isEmpty()) {
      code.nextControlFlow("else").addStatement("$N.reset()", frame);
    }
    code.endControlFlow();
    for (Var p : params) {
      if (frameVars.contains(p)) {
        code.addStatement("$N.$N = $N", frame, names.raw(p), names.raw(p));
      }
    }
    names.frame(frame, frameVars);
  }

  /** Writes a call of {@code part} and the helper method that holds its statements. */
  private void call(CodeBlock.Builder code, Outliner.Part part, int backwardStart) {
    String name = method + "Part" + (helpers.size() + 1);
    int index = helpers.size();
    helpers.add(null);
    CodeBlock.Builder body = CodeBlock.builder();
    Origin saved = lastOrigin;
    lastOrigin = null;
    int first = Integer.MAX_VALUE;
    int last = 0;
    for (int k = part.from(); k < part.to(); k++) {
      if (k == backwardStart) {
        body.add("// Backward sweep: the chain rule, node by node in reverse order.\n");
      }
      for (Stmt s : List.of(part.block().get(k))) {
        int[] lines = {first, last};
        Stmts.forEach(
            List.of(s),
            t -> {
              if (t.origin() != null && t.origin().line() > 0) {
                lines[0] = Math.min(lines[0], t.origin().line());
                lines[1] = Math.max(lines[1], t.origin().line());
              }
            });
        first = lines[0];
        last = lines[1];
      }
      declare(body, part.block(), k);
      statement(body, part.block().get(k));
    }
    lastOrigin = saved;
    MethodSpec.Builder helper =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(ClassName.get("", frameType), frame);
    StringBuilder args = new StringBuilder(frame);
    if (tape != null) {
      helper.addParameter(ClassName.get("io.github.chainrule", "Tape"), tape);
      args.append(", ").append(tape);
    }
    if (scratch != null) {
      helper.addParameter(double[].class, scratch);
      args.append(", ").append(scratch);
    }
    String lines = first > last ? "" : first == last ? " (line " + first + ")" : " (lines " + first + "-" + last + ")";
    helper.addJavadoc(
        "Part $L of {@code $L}$L: its statements are cut into methods small enough for the JIT to"
            + " compile.\n",
        index + 1,
        method,
        lines);
    helpers.set(index, helper.addCode(body.build()).build());
    code.addStatement("$N($L)", name, args.toString());
  }

  /**
   * Finds the frame's variables: those that more than one method uses (a part, or the method
   * itself for what its parts do not hold: the return, and the epilogue), and the parameters
   * that parts use.
   */
  private void findFrame(List<Stmt> body, Set<Var> params, List<Var> epilogueReads) {
    Map<Var, Integer> home = new HashMap<>();
    int[] next = {0};
    for (Var v : epilogueReads) {
      note(v, 0, home, params);
    }
    regions(body, 0, home, next, params);
  }

  private void regions(List<Stmt> block, int region, Map<Var, Integer> home, int[] next, Set<Var> params) {
    Map<Integer, List<Declaration>> declared = declarations.getOrDefault(block, Map.of());
    int r = region;
    for (int k = 0; k < block.size(); k++) {
      Outliner.Part part = partAt(block, k);
      if (part != null && part.from() == k) {
        r = ++next[0];
      } else if (part == null) {
        r = region;
      }
      for (Declaration d : declared.getOrDefault(k, List.of())) {
        note(d.var(), r, home, params);
      }
      Stmt s = block.get(k);
      if (s instanceof Stmt.Assign a && inlined.containsKey(a.target())) {
        continue;
      }
      List<Var> direct = new ArrayList<>(Stmts.writes(s));
      collect(operands(s), direct);
      if (s instanceof Stmt.Loop l) {
        collect(List.of(l.cond()), direct);
      }
      for (Var v : direct) {
        note(v, r, home, params);
      }
      for (List<Stmt> nested : Stmts.blocks(s)) {
        regions(nested, r, home, next, params);
      }
    }
  }

  private void note(Var v, int region, Map<Var, Integer> home, Set<Var> params) {
    if (params.contains(v)) {
      if (region != 0) {
        frameVars.add(v);
      }
      return;
    }
    Integer before = home.putIfAbsent(v, region);
    if (before != null && before != region) {
      frameVars.add(v);
    }
  }

  // ---- Analysis ---------------------------------------------------------------------------------

  private void count(Stmt s) {
    for (Var v : Stmts.writes(s)) {
      defs.merge(v, 1, Integer::sum);
    }
    for (Value v : Stmts.reads(s)) {
      if (v instanceof Var var) {
        uses.merge(var, 1, Integer::sum);
      }
    }
    if (s instanceof Stmt.PullbackCall c) {
      int scalars = 0;
      for (int i = 0; i < c.args().size(); i++) {
        if (c.callee().differentiable().get(i) && !c.callee().paramTypes().get(i).isArray()) {
          scalars++;
        }
      }
      scratchSize = Math.max(scratchSize, scalars);
    }
  }

  /** The values a statement reads where it stands (a loop's condition belongs to its head). */
  private static List<Value> operands(Stmt s) {
    if (s instanceof Stmt.Loop) {
      return List.of();
    }
    return Stmts.reads(s);
  }

  private void findInlined(List<Stmt> block) {
    findInlined(block, null);
  }

  /** @param tail a value read after the last statement of the block (a loop's condition), or null */
  private void findInlined(List<Stmt> block, Value tail) {
    Map<Var, Integer> defIndex = new HashMap<>();
    for (int k = 0; k <= block.size(); k++) {
      List<Value> ops = k < block.size() ? operands(block.get(k)) : (tail == null ? List.of() : List.of(tail));
      for (Value v : ops) {
        if (v instanceof Var var && defIndex.containsKey(var)) {
          int d = defIndex.get(var);
          Stmt.Assign def = (Stmt.Assign) block.get(d);
          int depth = inlineDepth(def.expr());
          if (depth <= MAX_INLINE_DEPTH && !overwritten(def.expr(), block, d + 1, k)) {
            inlined.put(var, def.expr());
            inlinedOrigins.put(var, def.origin());
            spans.put(var, new Span(block, d, k));
            inlineDepth.put(var, depth);
          }
        }
      }
      if (k == block.size()) {
        break;
      }
      Stmt s = block.get(k);
      if (s instanceof Stmt.Assign a
          && !a.target().type().isArray()
          && (a.target().role() == Var.Role.TEMP || copiedNext(block, k, a.target()))
          && defs.getOrDefault(a.target(), 0) == 1
          && uses.getOrDefault(a.target(), 0) == 1) {
        defIndex.put(a.target(), k);
      }
      if (s instanceof Stmt.Loop l) {
        findInlined(l.head(), l.cond());
        findInlined(l.body());
      } else {
        for (List<Stmt> nested : Stmts.blocks(s)) {
          findInlined(nested);
        }
      }
    }
  }

  /**
   * How deep a chain of single-use temporaries is written into one expression: a 1,000-term sum
   * becomes locals of {@value} operations each, so that writing it (and javac reading it) never
   * recurses on the program's size.
   */
  private static final int MAX_INLINE_DEPTH = 24;

  private final Map<Var, Integer> inlineDepth = new HashMap<>();

  /** The nesting depth of {@code e} once its inlined operands are written into it. */
  private int inlineDepth(Expr e) {
    int depth = 1;
    for (Value v : e.args()) {
      if (v instanceof Var var && inlineDepth.containsKey(var)) {
        depth = Math.max(depth, inlineDepth.get(var) + 1);
      }
    }
    return depth;
  }

  /** Whether the next statement only copies {@code v} (into the join of a branch). */
  private static boolean copiedNext(List<Stmt> block, int k, Var v) {
    return k + 1 < block.size()
        && block.get(k + 1) instanceof Stmt.Assign next
        && next.expr() instanceof Expr.Apply ap
        && ap.op() == Op.COPY
        && ap.args().get(0) == v;
  }

  /** Whether moving {@code e} from before {@code from} to {@code to} would change its value. */
  private boolean overwritten(Expr e, List<Stmt> block, int from, int to) {
    Set<Var> read = new HashSet<>();
    boolean memory = readsMemory(e, read);
    for (int k = from; k < to; k++) {
      boolean[] clash = new boolean[1];
      Stmts.forEach(
          List.of(block.get(k)),
          s -> {
            for (Var w : Stmts.writes(s)) {
              clash[0] |= read.contains(w);
            }
            clash[0] |= memory && (s instanceof Stmt.Store || s instanceof Stmt.AddArray || s instanceof Stmt.PullbackCall);
          });
      if (clash[0]) {
        return true;
      }
    }
    return false;
  }

  /** Collects the variables {@code e} reads (through inlined temporaries); true if it reads array memory. */
  private boolean readsMemory(Expr e, Set<Var> out) {
    boolean memory = e instanceof Expr.Apply a && (a.op() == Op.LOAD || a.op() == Op.CLONE || a.op() == Op.SNAPSHOT);
    // A call reads the elements of the arrays it is given: it may not move past a store to them.
    for (Value v : e.args()) {
      memory |= e instanceof Expr.Call && v.type().isArray();
    }
    for (Value v : e.args()) {
      if (v instanceof Var var) {
        Expr in = inlined.get(var);
        if (in != null) {
          memory |= readsMemory(in, out);
        } else {
          out.add(var);
        }
      }
    }
    return memory;
  }

  private void findDeclarations(List<Stmt> body, Set<Var> params) {
    Map<Var, List<List<Stmt>>> common = new LinkedHashMap<>();
    Map<Var, List<List<Stmt>>> firstPath = new HashMap<>();
    Map<Var, Stmt> firstStmt = new HashMap<>();
    List<List<Stmt>> path = new ArrayList<>();
    path.add(body);
    occurrences(body, path, common, firstPath, firstStmt, params);
    for (Map.Entry<Var, List<List<Stmt>>> e : common.entrySet()) {
      Var v = e.getKey();
      List<List<Stmt>> lca = e.getValue();
      List<Stmt> home = lca.get(lca.size() - 1);
      List<List<Stmt>> fp = firstPath.get(v);
      Stmt first = firstStmt.get(v);
      if (fp.size() == lca.size() && first instanceof Stmt.Assign a && a.target() == v) {
        declaringAssignments.add(a);
        continue;
      }
      int index = fp.size() == lca.size() ? indexOf(home, first) : containing.get(fp.get(lca.size())).index();
      Stmt holder = home.get(index);
      boolean initialise = !(definitelyAssigns(holder, v) && !readsVar(holder, v));
      declarations
          .computeIfAbsent(home, k -> new HashMap<>())
          .computeIfAbsent(index, k -> new ArrayList<>())
          .add(new Declaration(v, initialise));
    }
  }

  private static int indexOf(List<Stmt> block, Stmt s) {
    for (int i = 0; i < block.size(); i++) {
      if (block.get(i) == s) {
        return i;
      }
    }
    throw new IllegalStateException("statement not in block");
  }

  private void occurrences(
      List<Stmt> block,
      List<List<Stmt>> path,
      Map<Var, List<List<Stmt>>> common,
      Map<Var, List<List<Stmt>>> firstPath,
      Map<Var, Stmt> firstStmt,
      Set<Var> params) {
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      if (s instanceof Stmt.Assign a && inlined.containsKey(a.target())) {
        continue;
      }
      List<Var> direct = new ArrayList<>(Stmts.writes(s));
      collect(operands(s), direct);
      for (Var v : direct) {
        occur(v, s, path, common, firstPath, firstStmt, params);
      }
      List<List<Stmt>> nested = Stmts.blocks(s);
      for (List<Stmt> branch : nested) {
        containing.put(branch, new Place(block, k));
        path.add(branch);
        occurrences(branch, path, common, firstPath, firstStmt, params);
        if (s instanceof Stmt.Loop l && branch == l.head()) {
          List<Var> cond = new ArrayList<>();
          collect(List.of(l.cond()), cond);
          for (Var v : cond) {
            occur(v, s, path, common, firstPath, firstStmt, params);
          }
        }
        path.remove(path.size() - 1);
      }
    }
  }

  private static void occur(
      Var v,
      Stmt s,
      List<List<Stmt>> path,
      Map<Var, List<List<Stmt>>> common,
      Map<Var, List<List<Stmt>>> firstPath,
      Map<Var, Stmt> firstStmt,
      Set<Var> params) {
    if (params.contains(v)) {
      return;
    }
    List<List<Stmt>> previous = common.get(v);
    if (previous == null) {
      common.put(v, new ArrayList<>(path));
      firstPath.put(v, new ArrayList<>(path));
      firstStmt.put(v, s);
    } else {
      int n = 0;
      while (n < previous.size() && n < path.size() && previous.get(n) == path.get(n)) {
        n++;
      }
      common.put(v, new ArrayList<>(previous.subList(0, n)));
    }
  }

  /** The variables among {@code values}, looking through inlined temporaries. */
  private void collect(List<Value> values, List<Var> out) {
    for (Value v : values) {
      if (v instanceof Var var) {
        Expr e = inlined.get(var);
        if (e != null) {
          collect(e.args(), out);
        } else {
          out.add(var);
        }
      }
    }
  }

  private static boolean definitelyAssigns(Stmt s, Var v) {
    if (s instanceof Stmt.Assign a) {
      return a.target() == v;
    }
    if (s instanceof Stmt.If i) {
      return definitelyAssigns(i.then(), v) && definitelyAssigns(i.otherwise(), v);
    }
    return false;
  }

  private static boolean definitelyAssigns(List<Stmt> block, Var v) {
    for (Stmt s : block) {
      if (definitelyAssigns(s, v)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s} or a statement in it reads {@code v}. */
  private boolean readsVar(Stmt s, Var v) {
    boolean[] found = new boolean[1];
    Stmts.forEach(
        List.of(s),
        t -> {
          List<Var> read = new ArrayList<>();
          collect(Stmts.reads(t), read);
          found[0] |= read.contains(v);
        });
    return found[0];
  }

  // ---- Writing ----------------------------------------------------------------------------------

  private void declare(CodeBlock.Builder code, List<Stmt> block, int index) {
    Map<Integer, List<Declaration>> here = declarations.get(block);
    if (here == null || !here.containsKey(index)) {
      return;
    }
    for (Declaration d : here.get(index)) {
      Var v = d.var();
      if (frameVars.contains(v)) {
        // A new frame's fields are zero: only a declaration inside a loop must zero one again.
        if (d.initialise() && block != top) {
          code.addStatement("$N = $L", names.of(v), ExprWriter.zero(v.type()));
        }
      } else if (d.initialise()) {
        code.addStatement("$L $N = $L", v.type().javaName(), names.of(v), ExprWriter.zero(v.type()));
      } else {
        code.addStatement("$L $N", v.type().javaName(), names.of(v));
      }
    }
  }

  private void comment(CodeBlock.Builder code, Origin origin) {
    if (origin == null || origin.line() == 0 || origin.equals(lastOrigin)) {
      return;
    }
    lastOrigin = origin;
    code.add("// $L:$L: $L\n", sourceFile, origin.line(), origin.text());
  }

  private void block(CodeBlock.Builder code, List<Stmt> block) {
    List<Outliner.Part> split = parts.get(block);
    if (split != null) {
      for (Outliner.Part part : split) {
        call(code, part, -1);
      }
      return;
    }
    for (int k = 0; k < block.size(); k++) {
      declare(code, block, k);
      statement(code, block.get(k));
    }
  }

  private boolean writesNothing(List<Stmt> block) {
    for (Stmt s : block) {
      if (!(s instanceof Stmt.Assign a && inlined.containsKey(a.target()))) {
        return false;
      }
    }
    return declarations.get(block) == null;
  }

  private void statement(CodeBlock.Builder code, Stmt s) {
    if (s instanceof Stmt.Assign a) {
      if (inlined.containsKey(a.target())) {
        return;
      }
      // A branch's join copy written with the value it copies: show that value's line.
      Origin shown = a.origin();
      if (a.expr() instanceof Expr.Apply ap
          && ap.op() == Op.COPY
          && ap.args().get(0) instanceof Var v
          && inlinedOrigins.containsKey(v)) {
        shown = inlinedOrigins.get(v);
      }
      comment(code, shown);
      assign(code, a);
    } else if (s instanceof Stmt.If i) {
      comment(code, i.origin());
      Origin saved = lastOrigin;
      if (i.then().isEmpty()) {
        code.beginControlFlow("if (!$L)", ExprWriter.wrap(exprs.write(i.cond()), ExprWriter.UNARY + 1));
        block(code, i.otherwise());
        code.endControlFlow();
      } else {
        code.beginControlFlow("if ($L)", exprs.value(i.cond()));
        block(code, i.then());
        if (!i.otherwise().isEmpty()) {
          lastOrigin = saved;
          code.nextControlFlow("else");
          block(code, i.otherwise());
        }
        code.endControlFlow();
      }
      lastOrigin = saved;
    } else if (s instanceof Stmt.Loop l && l.cond() instanceof Const c && Boolean.FALSE.equals(c.value())) {
      // A condition folded to false: the head runs once, the body never (and Java rejects the
      // unreachable body of while (false)).
      comment(code, l.origin());
      block(code, l.head());
    } else if (s instanceof Stmt.Loop l) {
      comment(code, l.origin());
      Origin saved = lastOrigin;
      if (writesNothing(l.head())) {
        code.beginControlFlow("while ($L)", exprs.value(l.cond()));
      } else {
        code.beginControlFlow("while (true)");
        block(code, l.head());
        code.beginControlFlow("if (!$L)", ExprWriter.wrap(exprs.write(l.cond()), ExprWriter.UNARY + 1));
        code.addStatement("break");
        code.endControlFlow();
      }
      block(code, l.body());
      code.endControlFlow();
      lastOrigin = saved;
    } else if (s instanceof Stmt.Repeat r) {
      comment(code, r.origin());
      Origin saved = lastOrigin;
      String i = names.fresh("iteration");
      code.beginControlFlow("for (int $N = $L; $N > 0; $N--)", i, exprs.value(r.count()), i, i);
      block(code, r.body());
      code.endControlFlow();
      lastOrigin = saved;
    } else if (s instanceof Stmt.Return r) {
      comment(code, r.origin());
      code.addStatement("return $L", exprs.value(r.value()));
    } else if (s instanceof Stmt.Store st) {
      comment(code, st.origin());
      store(code, st);
    } else if (s instanceof Stmt.Push p) {
      code.addStatement("$N.push$L($L)", tape, tapeSuffix(p.value().type()), exprs.value(p.value()));
    } else if (s instanceof Stmt.Pop p) {
      code.addStatement("$N = $N.pop$L()", names.of(p.target()), tape, tapeSuffix(p.target().type()));
    } else if (s instanceof Stmt.AddArray a) {
      code.addStatement(
          "$T.addTo($N, $N)", ClassName.get("io.github.chainrule", "Adjoints"), names.of(a.target()), names.of(a.source()));
    } else {
      Stmt.PullbackCall c = (Stmt.PullbackCall) s;
      comment(code, c.origin());
      pullbackCall(code, c);
    }
  }

  private static String tapeSuffix(Type t) {
    return switch (t) {
      case DOUBLE -> "Double";
      case FLOAT -> "Float";
      case INT -> "Int";
      case LONG -> "Long";
      case BOOLEAN -> "Boolean";
      default -> "Ref";
    };
  }

  private void assign(CodeBlock.Builder code, Stmt.Assign a) {
    Var target = a.target();
    String name = names.of(target);
    if (declaringAssignments.contains(a) && !frameVars.contains(target)) {
      code.addStatement("$L $N = $L", target.type().javaName(), name, exprs.expr(a.expr()).code());
      return;
    }
    // target = target + x  is written  target += x  (and - likewise)
    if (a.expr() instanceof Expr.Apply ap
        && (ap.op() == Op.ADD || ap.op() == Op.SUB)
        && ap.type() == target.type()
        && ap.args().get(0) == target) {
      Value operand = ap.args().get(1);
      String op = ap.op().symbol();
      if (operand instanceof Var n && inlined.get(n) instanceof Expr.Apply neg && neg.op() == Op.NEG && neg.type() == ap.type()) {
        operand = neg.args().get(0);
        op = ap.op() == Op.ADD ? "-" : "+";
      }
      code.addStatement("$N $L= $L", name, op, exprs.write(operand).code());
      return;
    }
    code.addStatement("$N = $L", name, exprs.expr(a.expr()).code());
  }

  private void store(CodeBlock.Builder code, Stmt.Store st) {
    CodeBlock element =
        CodeBlock.of(
            "$L[$L]", ExprWriter.wrap(exprs.write(st.array()), ExprWriter.PRIMARY), exprs.value(st.index()));
    // a[i] = a[i] + x  is written  a[i] += x
    if (st.value() instanceof Var v
        && inlined.get(v) instanceof Expr.Apply add
        && (add.op() == Op.ADD || add.op() == Op.SUB)
        && add.type() == st.array().type().element()
        && add.args().get(0) instanceof Var loaded
        && inlined.get(loaded) instanceof Expr.Apply load
        && load.op() == Op.LOAD
        && load.args().get(0) == st.array()
        && load.args().get(1).equals(st.index())) {
      Value operand = add.args().get(1);
      String op = add.op().symbol();
      // a[i] += -x  is written  a[i] -= x
      if (operand instanceof Var n && inlined.get(n) instanceof Expr.Apply neg && neg.op() == Op.NEG && neg.type() == add.type()) {
        operand = neg.args().get(0);
        op = add.op() == Op.ADD ? "-" : "+";
      }
      code.addStatement("$L $L= $L", element, op, exprs.write(operand).code());
      return;
    }
    code.addStatement("$L = $L", element, exprs.value(st.value()));
  }

  private void pullbackCall(CodeBlock.Builder code, Stmt.PullbackCall c) {
    CodeBlock.Builder call =
        CodeBlock.builder()
            .add("$T.$N(", ExprWriter.className(c.callee().gradPackage(), c.callee().gradOwner()), c.callee().gradName() + "Pullback");
    for (Value v : c.args()) {
      call.add("$L, ", exprs.value(v));
    }
    call.add("$L", exprs.value(c.seed()));
    List<Type> types = c.callee().paramTypes();
    boolean scalars = false;
    for (int i = 0; i < types.size(); i++) {
      scalars |= c.callee().differentiable().get(i) && !types.get(i).isArray();
    }
    if (scalars) {
      call.add(", $N, 0", scratch);
    }
    for (int i = 0; i < types.size(); i++) {
      if (c.callee().differentiable().get(i) && types.get(i).isArray()) {
        Var adj = c.adjoints().get(i);
        call.add(", $L", adj == null ? "null" : names.of(adj));
      }
    }
    call.add(", $N)", tape);
    code.addStatement("$L", call.build());
    int slot = 0;
    for (int i = 0; i < c.args().size(); i++) {
      if (!c.callee().differentiable().get(i) || types.get(i).isArray()) {
        continue;
      }
      Var adj = c.adjoints().get(i);
      if (adj != null) {
        code.addStatement(
            adj.type() == Type.FLOAT ? "$N += (float) $N[$L]" : "$N += $N[$L]", names.of(adj), scratch, slot);
      }
      code.addStatement("$N[$L] = 0.0", scratch, slot);
      slot++;
    }
  }
}
