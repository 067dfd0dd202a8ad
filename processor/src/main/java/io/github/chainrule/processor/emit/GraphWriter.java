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
 * A method's computational graph, from its primal IR: a node per operation (labelled with the
 * operation and the source line it comes from), an edge per data dependency, the parameters as
 * inputs and the return as the output; branches and loops are clusters, a value that a loop's
 * next iteration reads comes back on an edge marked {@code next}, and a call of another {@code
 * @Differentiable} method links to that method's graph. Copies (the joins of branches, a loop's
 * next value) are no nodes: their names stand for the nodes that computed the value.
 *
 * <p>{@link #graph} builds the model, which the run-time graph ({@code mGraph}) is also made
 * from; {@link #dot} draws it as Graphviz DOT. Both depend only on the IR, so they are the same
 * for the same source.
 */
public final class GraphWriter {
  /** What a node stands for. */
  public enum Kind {
    INPUT,
    CONSTANT_INPUT,
    OPERATION,
    CALL,
    TEST,
    OUTPUT
  }

  /**
   * A node of the graph.
   *
   * @param id from 1, in the order of the source
   * @param cluster the innermost cluster holding it, 0 for none
   * @param var the variable whose value it computes (a parameter, the target of an operation), or
   *     null (a test, a store, the return)
   * @param inLoop whether it is inside a loop (its value is then the last iteration's)
   * @param url the graph it links to (a callee's), or null
   * @param source the statement that computes it, null for a parameter
   */
  public record Node(int id, String label, Kind kind, int cluster, Var var, boolean inLoop, String url, Stmt source) {}

  /** A data dependency; {@code next}: the value the next iteration of a loop reads. */
  public record Edge(int from, int to, boolean next) {}

  /**
   * A branch, a loop, or a branch's side.
   *
   * @param parent the enclosing cluster, 0 for none
   * @param order the number of nodes made before it opened: its place among its parent's nodes
   */
  public record Cluster(int id, int parent, String label, String style, int order) {}

  /** A method's graph. */
  public record Graph(String name, String title, List<Node> nodes, List<Edge> edges, List<Cluster> clusters) {}

  private final Names names = new Names();
  private final List<Node> nodes = new ArrayList<>();
  private final List<Cluster> clusters = new ArrayList<>();
  private final Set<Edge> edges = new LinkedHashSet<>();
  private final List<Integer> open = new ArrayList<>();
  private int loopDepth;
  /** The nodes whose values a variable may hold at this point (several after a branch). */
  private Map<Var, List<Integer>> last = new LinkedHashMap<>();
  /** The loops around the current statement, innermost last. */
  private final List<LoopScope> loops = new ArrayList<>();

  private record Read(Var var, int node) {}

  /**
   * A loop being read: the variables its current iteration has assigned so far, and the reads of
   * variables it had not (those read what the previous iteration left, once there was one).
   */
  private record LoopScope(Set<Var> assigned, List<Read> carried) {}

  private GraphWriter() {}

  /**
   * The graph of {@code f}, the primal program of a method.
   *
   * @param name the graph's name ({@code Owner.m})
   * @param sourceFile the source file's name, for the title
   */
  public static Graph graph(Function f, String name, String sourceFile) {
    GraphWriter w = new GraphWriter();
    for (Function.Param p : f.params()) {
      String label = w.names.of(p.var()) + "\n" + p.var().type().javaName() + (p.differentiable() ? ", input" : ", constant");
      int id = w.node(label, p.differentiable() ? Kind.INPUT : Kind.CONSTANT_INPUT, p.var(), null, null);
      w.last.put(p.var(), List.of(id));
    }
    w.block(f.body());
    return new Graph(
        name, name + " (" + sourceFile + "): the computational graph", List.copyOf(w.nodes), List.copyOf(w.edges), List.copyOf(w.clusters));
  }

  /** The graph in Graphviz DOT. */
  public static String dot(Graph g) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(g.name())).append(" {\n");
    out.append("  label=").append(quote(g.title())).append(";\n");
    out.append("  labelloc=t;\n  rankdir=TB;\n");
    out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    cluster(g, 0, "  ", out);
    for (Edge e : g.edges()) {
      out.append("  n").append(e.from()).append(" -> n").append(e.to());
      out.append(e.next() ? " [style=dashed, label=\"next\", constraint=false];\n" : ";\n");
    }
    out.append("}\n");
    return out.toString();
  }

  /** The nodes and clusters directly in cluster {@code id}, in the order of the source. */
  private static void cluster(Graph g, int id, String indent, StringBuilder out) {
    List<Cluster> children = new ArrayList<>();
    for (Cluster c : g.clusters()) {
      if (c.parent() == id) {
        children.add(c);
      }
    }
    int next = 0;
    for (Node n : g.nodes()) {
      while (next < children.size() && children.get(next).order() < n.id()) {
        subgraph(g, children.get(next++), indent, out);
      }
      if (n.cluster() == id) {
        out.append(indent).append("n").append(n.id()).append(" [label=").append(quote(n.label()));
        String attrs = attributes(n);
        if (!attrs.isEmpty()) {
          out.append(", ").append(attrs);
        }
        out.append("];\n");
      }
    }
    while (next < children.size()) {
      subgraph(g, children.get(next++), indent, out);
    }
  }

  private static void subgraph(Graph g, Cluster c, String indent, StringBuilder out) {
    out.append(indent).append("subgraph cluster_").append(c.id()).append(" {\n");
    out.append(indent).append("  label=").append(quote(c.label())).append(";\n");
    out.append(indent).append("  style=").append(c.style()).append(";\n");
    cluster(g, c.id(), indent + "  ", out);
    out.append(indent).append("}\n");
  }

  private static String attributes(Node n) {
    return switch (n.kind()) {
      case INPUT -> "shape=invhouse, style=filled, fillcolor=\"#dbe9f6\"";
      case CONSTANT_INPUT -> "shape=invhouse";
      case OUTPUT -> "shape=house, style=filled, fillcolor=\"#f6e3db\"";
      case TEST -> "shape=diamond, style=solid";
      case CALL -> n.url() == null ? "" : "URL=" + quote(n.url()) + ", style=\"rounded,bold\"";
      case OPERATION -> "";
    };
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
      // A copy is no operation: the name now stands for the nodes that computed the value.
      assigned(a.target());
      last.put(a.target(), last.get(source));
    } else if (s instanceof Stmt.Assign a) {
      String label = names.of(a.target()) + " = " + expr(a.expr());
      boolean call = a.expr() instanceof Expr.Call;
      String url = a.expr() instanceof Expr.Call c && c.callee().isDifferentiable() && !c.callee().custom() ? graphFile(c) : null;
      int id = node(label + line(a.origin()), call ? Kind.CALL : Kind.OPERATION, a.target(), url, a);
      uses(a.expr().args(), id);
      assigned(a.target());
      last.put(a.target(), List.of(id));
    } else if (s instanceof Stmt.Store st) {
      int id = node(value(st.array()) + "[" + value(st.index()) + "] = " + value(st.value()) + line(st.origin()), Kind.OPERATION, null, null, s);
      uses(List.of(st.array(), st.index(), st.value()), id);
      if (st.array() instanceof Var array) {
        assigned(array);
        last.put(array, List.of(id)); // later reads of the array depend on the store
      }
    } else if (s instanceof Stmt.Return r) {
      int id = node("return " + value(r.value()) + line(r.origin()), Kind.OUTPUT, null, null, s);
      uses(List.of(r.value()), id);
    } else if (s instanceof Stmt.If i) {
      branch(i);
    } else if (s instanceof Stmt.Loop l) {
      loop(l);
    } else {
      // Only the primal is drawn: its statements are the ones above.
      node(s.getClass().getSimpleName() + line(s.origin()), Kind.OPERATION, null, null, s);
    }
  }

  private void branch(Stmt.If i) {
    open("if " + value(i.cond()) + line(i.origin()), "solid");
    int test = node("if " + value(i.cond()), Kind.TEST, null, null, i);
    uses(List.of(i.cond()), test);
    Map<Var, List<Integer>> before = new LinkedHashMap<>(last);
    open("then", "dotted");
    block(i.then());
    close();
    Map<Var, List<Integer>> afterThen = last;
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
    loopDepth++;
    Map<Var, List<Integer>> before = new LinkedHashMap<>(last);
    LoopScope scope = new LoopScope(new LinkedHashSet<>(), new ArrayList<>());
    loops.add(scope);
    block(l.head());
    int test = node("while " + value(l.cond()), Kind.TEST, null, null, l);
    uses(List.of(l.cond()), test);
    block(l.body());
    loops.remove(loops.size() - 1);
    // What the next iteration reads of what this one wrote.
    for (Read r : scope.carried()) {
      if (scope.assigned().contains(r.var())) {
        for (int from : last.getOrDefault(r.var(), List.of())) {
          edges.add(new Edge(from, r.node(), true));
        }
      }
    }
    last = join(before, last); // the loop may run no iteration
    loopDepth--;
    close();
  }

  private void assigned(Var v) {
    for (LoopScope l : loops) {
      l.assigned().add(v);
    }
  }

  private static Map<Var, List<Integer>> join(Map<Var, List<Integer>> a, Map<Var, List<Integer>> b) {
    Map<Var, List<Integer>> out = new LinkedHashMap<>(a);
    for (Map.Entry<Var, List<Integer>> e : b.entrySet()) {
      Set<Integer> both = new LinkedHashSet<>(out.getOrDefault(e.getKey(), List.of()));
      both.addAll(e.getValue());
      out.put(e.getKey(), List.copyOf(both));
    }
    return out;
  }

  // ---- Nodes, edges, clusters -------------------------------------------------------------------

  private int node(String label, Kind kind, Var var, String url, Stmt source) {
    int id = nodes.size() + 1;
    int cluster = open.isEmpty() ? 0 : open.get(open.size() - 1);
    nodes.add(new Node(id, label, kind, cluster, var, loopDepth > 0, url, source));
    return id;
  }

  private void uses(List<Value> values, int node) {
    for (Value v : values) {
      if (v instanceof Var var) {
        for (int from : last.getOrDefault(var, List.of())) {
          edges.add(new Edge(from, node, false));
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
    int id = clusters.size() + 1;
    clusters.add(new Cluster(id, open.isEmpty() ? 0 : open.get(open.size() - 1), label, style, nodes.size()));
    open.add(id);
  }

  private void close() {
    open.remove(open.size() - 1);
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

  private static String graphFile(Expr.Call c) {
    // Graphs are written per top-level class (Owner.base.dot), as the generated class is.
    String grad = c.callee().gradOwner();
    String simple = grad.substring(grad.lastIndexOf('.') + 1);
    return simple.substring(0, simple.length() - "_Grad".length()) + "." + c.callee().gradName() + ".dot";
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
