package io.github.chainrule.processor.emit;

import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Origin;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Value;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws a method's computational graph as Graphviz DOT: a node per operation of the IR (labelled
 * with the operation and the source line it comes from), an edge per data dependency, the
 * parameters as inputs and the return as the output; branches and loops are clusters, a value that
 * a loop's next iteration reads comes back on a dashed edge, and a call of another
 * {@code @Differentiable} method links to that method's graph. The output depends only on the IR,
 * so it is the same for the same source.
 */
public final class GraphWriter {
  private final StringBuilder out = new StringBuilder();
  private final Names names = new Names();
  private int nodes;
  private int clusters;
  private String indent = "  ";
  /** The nodes whose values a variable may hold at this point (several after a branch). */
  private Map<Var, List<String>> last = new LinkedHashMap<>();
  /** The loops around the current statement, innermost last. */
  private final List<LoopScope> loops = new ArrayList<>();
  /** Edges, written after the nodes so that each node stays in the cluster that declares it. */
  private final Set<String> edges = new LinkedHashSet<>();

  private record Read(Var var, String node) {}

  /**
   * A loop being drawn: the variables its current iteration has assigned so far, and the reads of
   * variables it had not (those read what the previous iteration left, once there was one).
   */
  private record LoopScope(Set<Var> assigned, List<Read> carried) {}

  private GraphWriter() {}

  /**
   * The DOT text of {@code f}, the primal program of a method.
   *
   * @param graphName the graph's name ({@code Owner.m})
   * @param sourceFile the source file's name, for the title
   */
  public static String write(Function f, String graphName, String sourceFile) {
    GraphWriter w = new GraphWriter();
    w.out.append("digraph ").append(quote(graphName)).append(" {\n");
    w.out.append("  label=").append(quote(graphName + " (" + sourceFile + "): the computational graph")).append(";\n");
    w.out.append("  labelloc=t;\n  rankdir=TB;\n");
    w.out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n");
    w.out.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (Function.Param p : f.params()) {
      String id = w.node(
          w.names.of(p.var()) + "\n" + p.var().type().javaName() + (p.differentiable() ? ", input" : ", constant"),
          p.differentiable() ? "shape=invhouse, style=filled, fillcolor=\"#dbe9f6\"" : "shape=invhouse");
      w.last.put(p.var(), List.of(id));
    }
    w.block(f.body());
    w.edges.forEach(w.out::append);
    w.out.append("}\n");
    return w.out.toString();
  }

  // ---- Statements -------------------------------------------------------------------------------

  private void block(List<Stmt> block) {
    for (Stmt s : block) {
      statement(s);
    }
  }

  private void statement(Stmt s) {
    if (s instanceof Stmt.Assign a
        && a.expr() instanceof Expr.Apply ap
        && ap.op() == Op.COPY
        && ap.args().get(0) instanceof Var source
        && last.containsKey(source)) {
      // A copy (a join of branches, a loop's next value) is no operation: the name now stands
      // for the nodes that computed the value.
      assigned(a.target());
      last.put(a.target(), last.get(source));
    } else if (s instanceof Stmt.Assign a) {
      String label = names.of(a.target()) + " = " + expr(a.expr());
      String attrs = a.expr() instanceof Expr.Call c && c.callee().isDifferentiable()
          ? "URL=" + quote(graphFile(c)) + ", style=\"rounded,bold\""
          : null;
      String id = node(label + line(a.origin()), attrs);
      uses(a.expr().args(), id);
      assigned(a.target());
      last.put(a.target(), List.of(id));
    } else if (s instanceof Stmt.Store st) {
      String id = node(value(st.array()) + "[" + value(st.index()) + "] = " + value(st.value()) + line(st.origin()), null);
      uses(List.of(st.array(), st.index(), st.value()), id);
      if (st.array() instanceof Var array) {
        assigned(array);
        last.put(array, List.of(id)); // later reads of the array depend on the store
      }
    } else if (s instanceof Stmt.Return r) {
      String id = node("return " + value(r.value()) + line(r.origin()),
          "shape=house, style=filled, fillcolor=\"#f6e3db\"");
      uses(List.of(r.value()), id);
    } else if (s instanceof Stmt.If i) {
      branch(i);
    } else if (s instanceof Stmt.Loop l) {
      loop(l);
    } else {
      // Only the primal is drawn: its statements are the ones above.
      node(s.getClass().getSimpleName() + line(s.origin()), null);
    }
  }

  private void branch(Stmt.If i) {
    open("if " + value(i.cond()) + line(i.origin()), "solid");
    String test = node("if " + value(i.cond()), "shape=diamond, style=solid");
    uses(List.of(i.cond()), test);
    Map<Var, List<String>> before = new LinkedHashMap<>(last);
    open("then", "dotted");
    block(i.then());
    close();
    Map<Var, List<String>> afterThen = last;
    last = new LinkedHashMap<>(before);
    if (!i.otherwise().isEmpty()) {
      open("else", "dotted");
      block(i.otherwise());
      close();
    }
    last = join(afterThen, last);
    close();
  }

  private void loop(Stmt.Loop l) {
    open("loop" + line(l.origin()), "dashed");
    Map<Var, List<String>> before = new LinkedHashMap<>(last);
    LoopScope scope = new LoopScope(new LinkedHashSet<>(), new ArrayList<>());
    loops.add(scope);
    block(l.head());
    String test = node("while " + value(l.cond()), "shape=diamond, style=solid");
    uses(List.of(l.cond()), test);
    block(l.body());
    loops.remove(loops.size() - 1);
    // What the next iteration reads of what this one wrote: dashed edges back.
    for (Read r : scope.carried()) {
      if (scope.assigned().contains(r.var())) {
        for (String from : last.getOrDefault(r.var(), List.of())) {
          edges.add("  " + from + " -> " + r.node() + " [style=dashed, label=\"next\", constraint=false];\n");
        }
      }
    }
    last = join(before, last); // the loop may run no iteration
    close();
  }

  private void assigned(Var v) {
    for (LoopScope l : loops) {
      l.assigned().add(v);
    }
  }

  private static Map<Var, List<String>> join(Map<Var, List<String>> a, Map<Var, List<String>> b) {
    Map<Var, List<String>> out = new LinkedHashMap<>(a);
    for (Map.Entry<Var, List<String>> e : b.entrySet()) {
      Set<String> both = new LinkedHashSet<>(out.getOrDefault(e.getKey(), List.of()));
      both.addAll(e.getValue());
      out.put(e.getKey(), List.copyOf(both));
    }
    return out;
  }

  // ---- Nodes, edges, clusters -------------------------------------------------------------------

  private String node(String label, String attrs) {
    String id = "n" + ++nodes;
    out.append(indent).append(id).append(" [label=").append(quote(label));
    if (attrs != null) {
      out.append(", ").append(attrs);
    }
    out.append("];\n");
    return id;
  }

  private void uses(List<Value> values, String node) {
    for (Value v : values) {
      if (v instanceof Var var) {
        for (String from : last.getOrDefault(var, List.of())) {
          edges.add("  " + from + " -> " + node + ";\n");
        }
        for (LoopScope l : loops) {
          if (!l.assigned().contains(var)) {
            l.carried().add(new Read(var, node));
          }
        }
      }
    }
  }

  private void open(String label, String style) {
    out.append(indent).append("subgraph cluster_").append(++clusters).append(" {\n");
    indent += "  ";
    out.append(indent).append("label=").append(quote(label)).append(";\n");
    out.append(indent).append("style=").append(style).append(";\n");
  }

  private void close() {
    indent = indent.substring(2);
    out.append(indent).append("}\n");
  }

  // ---- Labels -----------------------------------------------------------------------------------

  private String expr(Expr e) {
    if (e instanceof Expr.Call c) {
      return c.callee().name() + "(" + values(c.args()) + ")";
    }
    Expr.Apply a = (Expr.Apply) e;
    List<Value> args = a.args();
    Op op = a.op();
    return switch (op.kind()) {
      case ARITHMETIC, COMPARISON, LOGIC -> args.size() == 1
          ? op.symbol() + value(args.get(0))
          : value(args.get(0)) + " " + op.symbol() + " " + value(args.get(1));
      case MATH -> op.symbol() + "(" + values(args) + ")";
      default -> switch (op) {
        case COPY -> value(args.get(0));
        case CAST -> "(" + a.type().javaName() + ") " + value(args.get(0));
        case SELECT -> value(args.get(0)) + " ? " + value(args.get(1)) + " : " + value(args.get(2));
        case LOAD -> value(args.get(0)) + "[" + value(args.get(1)) + "]";
        case LENGTH -> value(args.get(0)) + ".length";
        case NEW_ARRAY -> "new " + a.type().element().javaName() + "[" + value(args.get(0)) + "]";
        case NEW_MATRIX -> "new " + a.type().scalar().javaName() + "[" + value(args.get(0)) + "][" + value(args.get(1)) + "]";
        case CLONE, SNAPSHOT -> value(args.get(0)) + ".clone()";
        default -> op.symbol() + "(" + values(args) + ")";
      };
    };
  }

  private String values(List<Value> values) {
    List<String> parts = new ArrayList<>();
    for (Value v : values) {
      parts.add(value(v));
    }
    return String.join(", ", parts);
  }

  private String value(Value v) {
    if (v instanceof Var var) {
      return names.of(var);
    }
    Const c = (Const) v;
    if (c.isNull()) {
      return "null";
    }
    if (c.name() != null && !c.name().isEmpty()) {
      return c.name();
    }
    return String.valueOf(c.value());
  }

  private static String line(Origin o) {
    if (o == null || o.line() == 0) {
      return "";
    }
    return "\nline " + o.line() + ": " + o.text();
  }

  private String graphFile(Expr.Call c) {
    String owner = c.callee().owner();
    String simple = owner.substring(owner.lastIndexOf('.') + 1);
    return simple + "." + c.callee().gradName() + ".dot";
  }

  /** A DOT string: quotes and backslashes escaped, line breaks as {@code \n}. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> { }
        default -> b.append(ch);
      }
    }
    return b.append('"').toString();
  }
}
