package io.github.chainrule.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.frontend.ReadContext.TooLarge;
import io.github.chainrule.processor.frontend.StatementReader.Frame;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The front end: reads the body of a {@code @Differentiable} method (syntax only: bodies are not
 * attributed during annotation processing) and builds its computational graph, an IR {@link
 * Function} in A-normal form and dynamic single assignment form.
 *
 * <ul>
 *   <li>Every operation becomes one node with its own variable; every assignment of a local a new
 *       version of it, so no value the backward sweep needs is ever overwritten.
 *   <li>Branches join the versions they assign through copies at the end of each branch.
 *   <li>Early returns: the statements after an {@code if} that may return are translated as the
 *       continuation of each branch that can fall through, so every path ends in one assignment of
 *       the result and the body has a single exit.
 *   <li>{@code &&}, {@code ||} and {@code ?:} become branches when evaluating their operands
 *       eagerly could differ from Java's semantics (a division by zero, a call, an assignment,
 *       a derivative through the unselected operand).
 * </ul>
 *
 * <p>Anything else is reported with a {@link Message} at the exact tree; the reader goes on with
 * the next statement so one build shows every error.
 *
 * <p>The work is shared out among readers with one job each, which reach each other and their
 * shared state through one {@link ReadContext}: {@link StatementReader} (blocks, locals, {@code
 * if}, {@code return}), {@link LoopReader} (loops, {@code break}, {@code continue}), {@link
 * ExpressionReader} (operators, literals, names, casts, array reads), {@link ArrayReader} (element
 * writes, array creation), {@link CallReader} (calls and their checks) and {@link ParamAliases}
 * (writes into parameters' arrays).
 */
public final class MethodReader {

  /** Describes a called method that is declared static and has supported types. */
  public interface Callees {
    Callee describe(ExecutableElement method);
  }

  /** A call of another method in the body, for the processor's checks across methods. */
  public record CallSite(ExecutableElement callee, Tree tree) {}

  private final ReadContext cx;

  public MethodReader(
      Trees trees,
      Elements elements,
      CompilationUnitTree unit,
      TypeElement owner,
      ExecutableElement method,
      MethodTree tree,
      Reporter reporter,
      Callees callees,
      String gradClass) {
    Resolver resolver = new Resolver(elements, owner, unit);
    this.cx = new ReadContext(trees, unit, tree, method, resolver, elements, reporter, callees, gradClass);
  }

  public VarFactory vars() {
    return cx.vars;
  }

  /** The calls of other methods found while reading. */
  public List<CallSite> callSites() {
    return cx.callSites;
  }

  /**
   * Reads the method.
   *
   * @param differentiable the names of the parameters to differentiate with respect to
   * @return the IR, or null if errors were reported
   */
  public Function read(Set<String> differentiable) {
    int errorsBefore = cx.reporter.errors();
    cx.returnType = Resolver.typeOf(cx.method.getReturnType());
    Env env = new Env();
    List<Function.Param> params = new ArrayList<>();
    for (VariableElement p : cx.method.getParameters()) {
      String name = p.getSimpleName().toString();
      Type type = Resolver.typeOf(p.asType());
      Var v = cx.vars.create(name, type, Var.Role.PARAM);
      params.add(new Function.Param(v, differentiable.contains(name)));
      env.declare(name, type);
      env.set(name, v);
    }
    cx.result = cx.vars.create("result", cx.returnType, Var.Role.LOCAL);
    Set<String> arrayParams = new java.util.HashSet<>();
    for (VariableElement p : cx.method.getParameters()) {
      Type t = Resolver.typeOf(p.asType());
      if (t != null && t.isArray()) {
        arrayParams.add(p.getSimpleName().toString());
      }
    }
    cx.aliases.find(arrayParams);
    List<Stmt> body = new ArrayList<>();
    if (cx.loops.returnsFromLoop(cx.tree.getBody())) {
      // a return inside a loop leaves it through this flag
      cx.loops.setFlag(env, LoopReader.RETURNED, false, body);
    }
    try {
      cx.statements.run(new Frame(cx.tree.getBody().getStatements(), 0, null), env, body);
    } catch (TooLarge e) {
      cx.reporter.error(cx.tree, Message.TOO_LARGE, cx.method.getSimpleName());
      return null;
    }
    if (cx.reporter.errors() > errorsBefore) {
      return null;
    }
    finishReturn(body);
    Function f = new Function(cx.method.getSimpleName().toString(), params, cx.returnType, body);
    cx.calls.check(f);
    cx.aliases.checkWrites(f);
    return cx.reporter.errors() > errorsBefore ? null : f;
  }

  /** A body whose only return is its last statement returns that value directly. */
  private void finishReturn(List<Stmt> body) {
    int assignments = countAssignments(body, cx.result);
    Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
    if (assignments == 1 && last instanceof Stmt.Assign a && a.target() == cx.result) {
      body.remove(body.size() - 1);
      Var t = cx.vars.create("t", cx.returnType, Var.Role.TEMP);
      body.add(new Stmt.Assign(t, a.expr(), a.origin()));
      body.add(new Stmt.Return(t, a.origin()));
    } else {
      body.add(new Stmt.Return(cx.result, Origin.NONE));
    }
  }

  private static int countAssignments(List<Stmt> block, Var v) {
    int[] n = {0};
    io.github.chainrule.processor.ir.Stmts.forEach(block, s -> {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        n[0]++;
      }
    });
    return n[0];
  }
}
