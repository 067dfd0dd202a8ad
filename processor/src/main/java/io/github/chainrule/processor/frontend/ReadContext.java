package io.github.chainrule.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * What every reader of one method body shares: the compiler's trees and the reporter, the method,
 * the variable factory, the origin of the statement being read, the side tables the checks after
 * reading need (the tree of each call and store), and the IR output helpers ({@link #add}, {@link
 * #temp}, {@link #fail}). One instance per {@link MethodReader}; not thread-safe.
 */
final class ReadContext {

  /** Thrown after an error has been reported, to skip the rest of the statement. */
  static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super(null, null, false, false);
    }
  }

  /** Thrown when the IR outgrows {@link #MAX_STATEMENTS}. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  /** The IR may grow (early returns copy continuations); beyond this it is an error. */
  private static final int MAX_STATEMENTS = 50_000;

  final Trees trees;
  final CompilationUnitTree unit;
  final ExecutableElement method;
  final MethodTree tree;
  final Reporter reporter;
  final Resolver resolver;
  final Elements elements;
  final MethodReader.Callees callees;
  final String gradClass;
  final VarFactory vars = new VarFactory();
  /** The tree of each call, for the checks after reading. */
  final Map<Expr.Call, Tree> callTrees = new IdentityHashMap<>();
  /** The tree of each store into an array element, for the check of parameter writes. */
  final Map<Stmt.Store, Tree> storeTrees = new IdentityHashMap<>();
  final List<MethodReader.CallSite> callSites = new ArrayList<>();
  private final CharSequence source;
  /** The method's return type and the local every return assigns; set when reading starts. */
  Type returnType;
  Var result;
  /** The origin of the statement being read, given to every IR statement made for it. */
  Origin origin = Origin.NONE;
  private int size;
  /** Locals whose declaration had an error: a statement using one is skipped without a report. */
  private final Set<String> poisoned = new HashSet<>();

  // The readers, each with one job; they hand subtrees to each other through these.
  final StatementReader statements;
  final LoopReader loops;
  final SwitchReader switches;
  final ExpressionReader expressions;
  final ArrayReader arrays;
  final CallReader calls;
  final ParamAliases aliases;

  ReadContext(
      Trees trees,
      CompilationUnitTree unit,
      MethodTree tree,
      ExecutableElement method,
      Resolver resolver,
      Elements elements,
      Reporter reporter,
      MethodReader.Callees callees,
      String gradClass) {
    this.trees = trees;
    this.unit = unit;
    this.method = method;
    this.tree = tree;
    this.reporter = reporter;
    this.resolver = resolver;
    this.elements = elements;
    this.callees = callees;
    this.gradClass = gradClass;
    CharSequence text;
    try {
      text = unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      text = null;
    }
    this.source = text;
    this.statements = new StatementReader(this);
    this.loops = new LoopReader(this);
    this.switches = new SwitchReader(this);
    this.expressions = new ExpressionReader(this);
    this.arrays = new ArrayReader(this);
    this.calls = new CallReader(this);
    this.aliases = new ParamAliases(this);
  }

  // ---- IR output --------------------------------------------------------------------------------

  /** Appends an IR statement, counting it against {@link #MAX_STATEMENTS}. */
  void add(List<Stmt> out, Stmt s) {
    if (++size > MAX_STATEMENTS) {
      throw new TooLarge();
    }
    out.add(s);
  }

  /** Assigns {@code e} to a new temporary at the current origin; returns the temporary. */
  Value temp(Expr e, List<Stmt> out) {
    Var t = vars.create(e.type() == Type.BOOLEAN ? "cond" : "t", e.type(), Var.Role.TEMP);
    add(out, new Stmt.Assign(t, e, origin));
    return t;
  }

  /** A temporary holding {@code op} applied to {@code args}. */
  Value apply(Op op, Type type, List<Stmt> out, Value... args) {
    return temp(new Expr.Apply(op, type, List.of(args), false), out);
  }

  /** The expression that copies {@code v}. */
  static Expr copy(Value v) {
    return new Expr.Apply(Op.COPY, v.type(), List.of(v), false);
  }

  // ---- Errors -----------------------------------------------------------------------------------

  /** Reports an error at {@code at}; the caller throws what this returns. */
  Abort fail(Tree at, Message message, Object... args) {
    reporter.error(at, message, args);
    return new Abort();
  }

  /** Marks a local whose declaration failed; later statements using it are skipped. */
  void poison(String name, Env env) {
    poisoned.add(name);
    env.declare(name, Type.DOUBLE);
  }

  /** Skips (already reported) a statement that uses a local whose declaration failed. */
  void checkPoisoned(Tree t) {
    if (poisoned.isEmpty()) {
      return;
    }
    Boolean uses =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitIdentifier(IdentifierTree node, Void p) {
            return poisoned.contains(node.getName().toString());
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(t, null);
    if (Boolean.TRUE.equals(uses)) {
      throw new Abort();
    }
  }

  // ---- Trees ------------------------------------------------------------------------------------

  /** Whether {@code t} is a while, do-while, for or for-each loop. */
  static boolean isLoop(Tree t) {
    return switch (t.getKind()) {
      case WHILE_LOOP, DO_WHILE_LOOP, FOR_LOOP, ENHANCED_FOR_LOOP -> true;
      default -> false;
    };
  }

  /** {@code e} without the parentheses around it. */
  static ExpressionTree unparen(ExpressionTree e) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e;
  }

  // ---- Positions --------------------------------------------------------------------------------

  /** Where a loop's header ends: before its body (a do-while: its whole text). */
  private long loopHeaderEnd(SourcePositions positions, Tree loop) {
    StatementTree body =
        switch (loop.getKind()) {
          case WHILE_LOOP -> ((WhileLoopTree) loop).getStatement();
          case FOR_LOOP -> ((ForLoopTree) loop).getStatement();
          case ENHANCED_FOR_LOOP -> ((EnhancedForLoopTree) loop).getStatement();
          default -> null;
        };
    if (body == null) {
      return positions.getStartPosition(unit, loop) + 2; // "do"
    }
    return positions.getStartPosition(unit, body);
  }

  /** The line and source text of a statement (a compound one's header only), for comments. */
  Origin originOf(Tree t) {
    SourcePositions positions = trees.getSourcePositions();
    long start = positions.getStartPosition(unit, t);
    if (start < 0) {
      return Origin.NONE;
    }
    int line = (int) unit.getLineMap().getLineNumber(start);
    String text = "";
    if (source != null) {
      long end = positions.getEndPosition(unit, t);
      if (t instanceof IfTree i) {
        end = positions.getEndPosition(unit, i.getCondition());
      } else if (t instanceof LabeledStatementTree l && isLoop(l.getStatement())) {
        end = loopHeaderEnd(positions, l.getStatement());
      } else if (isLoop(t)) {
        end = loopHeaderEnd(positions, t);
      } else if (t instanceof MethodTree) {
        end = start;
      }
      if (end > start && end <= source.length()) {
        text = source.subSequence((int) start, (int) end).toString();
      }
    }
    text = text.replaceAll("\\s+", " ").trim();
    // A backslash-u in a line comment would be read as a Unicode escape by javac.
    text = text.replace("\\u", "\\ u");
    if (text.length() > 120) {
      text = text.substring(0, 117) + "...";
    }
    return new Origin(line, text, t);
  }
}
