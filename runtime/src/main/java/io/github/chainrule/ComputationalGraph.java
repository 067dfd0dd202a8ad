package io.github.chainrule;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A method's computational graph with the values of one call: each node's forward value and its
 * adjoint (the derivative of the result with respect to it, "grad" in the tutorials), from
 * {@code df/df = 1} at the output back to the inputs. Generated {@code Owner_Grad.mGraph(args)}
 * methods (with {@code -Achainrule.graphs=true}) make one; {@link #toDot()}, {@link #toSvg()} and
 * {@link #toText()} draw it.
 *
 * <p>A node inside a loop shows the value of the loop's last iteration and no adjoint (each
 * iteration has its own). A node on a branch that was not taken has no value. Adjoints of array
 * elements are not shown; those of scalar inputs are the gradient.
 */
public final class ComputationalGraph {
  /** What a node stands for. */
  public enum Kind {
    /** A differentiable parameter. */
    INPUT,
    /** A parameter held constant. */
    CONSTANT_INPUT,
    /** An operation. */
    OPERATION,
    /** A call of another method. */
    CALL,
    /** The test of a branch or loop. */
    TEST,
    /** The return. */
    OUTPUT
  }

  /**
   * A node.
   *
   * @param id from 1, in source order
   * @param label the operation and its source line
   * @param cluster the innermost branch or loop holding it, 0 for none
   * @param value the forward value, NaN where there is none (a branch not taken, an array)
   * @param adjoint the adjoint, NaN where it is not shown (inside a loop, not a number)
   * @param inLoop whether the node is inside a loop
   */
  public record Node(int id, String label, Kind kind, int cluster, double value, double adjoint, boolean inLoop) {}

  /** A data dependency; {@code next}: the value the next iteration of a loop reads. */
  public record Edge(int from, int to, boolean next) {}

  /** A branch, a loop, or a branch's side; {@code parent} 0 for the top. */
  public record Cluster(int id, int parent, String label, String style, int order) {}

  /** Graphs of more nodes than this are drawn cut, with a marker saying how many are left out. */
  public static final int MAX_DRAWN = 2_000;

  private final String name;
  private final String title;
  private final List<Node> nodes;
  private final List<Edge> edges;
  private final List<Cluster> clusters;

  private ComputationalGraph(String name, String title, List<Node> nodes, List<Edge> edges, List<Cluster> clusters) {
    this.name = name;
    this.title = title;
    this.nodes = Collections.unmodifiableList(nodes);
    this.edges = Collections.unmodifiableList(edges);
    this.clusters = Collections.unmodifiableList(clusters);
  }

  /** Separates the nodes, edges and clusters of a {@link #parse} spec. */
  public static final char GROUP = '\u001d';

  /** Separates the records of a group. */
  public static final char RECORD = '\u001e';

  /** Separates the fields of a record. */
  public static final char FIELD = '\u001f';

  /**
   * The graph from the description generated code holds, with the values of one call. The spec has
   * three groups separated by {@link #GROUP}: nodes, edges, clusters; records within a group are
   * separated by {@link #RECORD} and fields by {@link #FIELD}: a node is (kind ordinal, cluster,
   * in a loop 0/1, label), an edge (from, to, next 0/1), a cluster (parent, order, style, label).
   * Node {@code i} (id {@code i + 1}) has {@code values[i]} and {@code adjoints[i]}.
   *
   * @param name the graph's name ({@code Owner.m})
   * @param title its title
   * @param spec the description
   * @param values the nodes' values, NaN for none
   * @param adjoints the nodes' adjoints, NaN for none
   * @return the graph
   */
  public static ComputationalGraph parse(String name, String title, String spec, double[] values, double[] adjoints) {
    String[] groups = split(spec, GROUP);
    List<Node> nodes = new ArrayList<>();
    for (String r : records(groups, 0)) {
      String[] f = split(r, FIELD);
      int i = nodes.size();
      nodes.add(new Node(
          i + 1, f[3], Kind.values()[Integer.parseInt(f[0])], Integer.parseInt(f[1]), values[i], adjoints[i], f[2].equals("1")));
    }
    List<Edge> edges = new ArrayList<>();
    for (String r : records(groups, 1)) {
      String[] f = split(r, FIELD);
      edges.add(new Edge(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2].equals("1")));
    }
    List<Cluster> clusters = new ArrayList<>();
    for (String r : records(groups, 2)) {
      String[] f = split(r, FIELD);
      clusters.add(new Cluster(clusters.size() + 1, Integer.parseInt(f[0]), f[3], f[2], Integer.parseInt(f[1])));
    }
    return new ComputationalGraph(name, title, nodes, edges, clusters);
  }

  private static List<String> records(String[] groups, int g) {
    if (g >= groups.length || groups[g].isEmpty()) {
      return List.of();
    }
    return List.of(split(groups[g], RECORD));
  }

  private static String[] split(String s, char c) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == c) {
        out.add(s.substring(from, i));
        from = i + 1;
      }
    }
    return out.toArray(new String[0]);
  }

  /** The graph's name, {@code Owner.m}. */
  public String name() {
    return name;
  }

  /** The nodes, in source order (ids from 1). */
  public List<Node> nodes() {
    return nodes;
  }

  /** The edges. */
  public List<Edge> edges() {
    return edges;
  }

  /** The branches and loops. */
  public List<Cluster> clusters() {
    return clusters;
  }

  /** The first node whose label starts with {@code prefix} ({@code "q ="}, {@code "x\n"}), or null. */
  public Node node(String prefix) {
    for (Node n : nodes) {
      if (n.label().startsWith(prefix)) {
        return n;
      }
    }
    return null;
  }

  // ---- Drawing ----------------------------------------------------------------------------------

  /**
   * Graphviz DOT: each node's value in blue and its adjoint ({@code grad}) in red, as the
   * tutorials draw them; at most {@value #MAX_DRAWN} nodes.
   *
   * @return the DOT text
   */
  public String toDot() {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(name)).append(" {\n");
    out.append("  label=").append(quote(title + " with the values of one call")).append(";\n");
    out.append("  labelloc=t;\n  rankdir=TB;\n");
    out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    cluster(0, "  ", out);
    for (Edge e : edges) {
      if (e.from() <= MAX_DRAWN && e.to() <= MAX_DRAWN) {
        out.append("  n").append(e.from()).append(" -> n").append(e.to());
        out.append(e.next() ? " [style=dashed, label=\"next\", constraint=false];\n" : ";\n");
      }
    }
    if (nodes.size() > MAX_DRAWN) {
      out.append("  more [label=").append(quote((nodes.size() - MAX_DRAWN) + " more nodes not drawn")).append(", shape=note];\n");
    }
    out.append("}\n");
    return out.toString();
  }

  private void cluster(int id, String indent, StringBuilder out) {
    List<Cluster> children = new ArrayList<>();
    for (Cluster c : clusters) {
      if (c.parent() == id && c.order() < MAX_DRAWN) {
        children.add(c);
      }
    }
    int next = 0;
    for (Node n : nodes) {
      if (n.id() > MAX_DRAWN) {
        break;
      }
      while (next < children.size() && children.get(next).order() < n.id()) {
        subgraph(children.get(next++), indent, out);
      }
      if (n.cluster() == id) {
        out.append(indent).append("n").append(n.id()).append(" [label=<").append(html(n)).append(">");
        String attrs = attributes(n);
        if (!attrs.isEmpty()) {
          out.append(", ").append(attrs);
        }
        out.append("];\n");
      }
    }
    while (next < children.size()) {
      subgraph(children.get(next++), indent, out);
    }
  }

  private void subgraph(Cluster c, String indent, StringBuilder out) {
    out.append(indent).append("subgraph cluster_").append(c.id()).append(" {\n");
    out.append(indent).append("  label=").append(quote(c.label())).append(";\n");
    out.append(indent).append("  style=").append(c.style()).append(";\n");
    cluster(c.id(), indent + "  ", out);
    out.append(indent).append("}\n");
  }

  private static String attributes(Node n) {
    return switch (n.kind()) {
      case INPUT -> "shape=invhouse, style=filled, fillcolor=\"#dbe9f6\"";
      case CONSTANT_INPUT -> "shape=invhouse";
      case OUTPUT -> "shape=house, style=filled, fillcolor=\"#f6e3db\"";
      case TEST -> "shape=diamond, style=solid";
      case CALL -> "style=\"rounded,bold\"";
      case OPERATION -> "";
    };
  }

  /** A node's HTML-like label: its text, then its value and adjoint in colour. */
  private static String html(Node n) {
    StringBuilder b = new StringBuilder();
    String[] lines = n.label().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        b.append("<BR/>");
      }
      b.append(i == 0 ? "" : "<FONT POINT-SIZE=\"9\">").append(escape(lines[i])).append(i == 0 ? "" : "</FONT>");
    }
    if (!Double.isNaN(n.value()) && n.kind() != Kind.TEST) {
      b.append("<BR/><FONT COLOR=\"#1f5fa6\">value ").append(escape(number(n.value()))).append("</FONT>");
    }
    if (!Double.isNaN(n.adjoint())) {
      b.append("<BR/><FONT COLOR=\"#b03a2e\">grad ").append(escape(number(n.adjoint()))).append("</FONT>");
    } else if (n.inLoop() && n.kind() != Kind.TEST) {
      b.append("<BR/><FONT POINT-SIZE=\"9\">(last iteration)</FONT>");
    }
    return b.toString();
  }

  /**
   * The graph as text, a node per line with its value and adjoint, and its inputs: for terminals
   * and logs.
   *
   * @return the text
   */
  public String toText() {
    StringBuilder out = new StringBuilder(title).append('\n');
    List<List<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i <= nodes.size(); i++) {
      inputs.add(new ArrayList<>());
    }
    for (Edge e : edges) {
      if (!e.next()) {
        inputs.get(e.to()).add(e.from());
      }
    }
    for (Node n : nodes) {
      if (n.id() > MAX_DRAWN) {
        out.append("  ... ").append(nodes.size() - MAX_DRAWN).append(" more nodes\n");
        break;
      }
      String[] lines = n.label().split("\n");
      StringBuilder head = new StringBuilder("  [").append(n.id()).append("] ").append(lines[0]);
      if (n.kind() == Kind.INPUT || n.kind() == Kind.CONSTANT_INPUT) {
        head.append(" (").append(lines.length > 1 ? lines[1] : "input").append(")");
      }
      if (!inputs.get(n.id()).isEmpty()) {
        head.append("  <- ").append(inputs.get(n.id()));
      }
      out.append(head);
      if (!Double.isNaN(n.value()) && n.kind() != Kind.TEST) {
        out.append("   value ").append(number(n.value()));
      }
      if (!Double.isNaN(n.adjoint())) {
        out.append("   grad ").append(number(n.adjoint()));
      } else if (n.inLoop() && n.kind() != Kind.TEST) {
        out.append("   (in a loop: last iteration)");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * The graph drawn as SVG by Graphviz's {@code dot}, which must be on the {@code PATH}.
   *
   * @return the SVG document
   * @throws IOException if {@code dot} fails
   * @throws IllegalStateException if {@code dot} is not on the {@code PATH}, saying how to get it
   */
  public String toSvg() throws IOException {
    Path dot = findDot();
    Process p = new ProcessBuilder(dot.toString(), "-Tsvg").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(toDot().getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    try (InputStream out = p.getInputStream()) {
      out.transferTo(svg);
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("dot did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while dot ran", e);
    }
    String text = svg.toString(StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("dot failed (exit " + p.exitValue() + "): " + text);
    }
    return text;
  }

  /** Whether Graphviz's {@code dot} is on the {@code PATH} (so that {@link #toSvg()} works). */
  public static boolean graphvizAvailable() {
    return dotOnPath() != null;
  }

  private static Path findDot() {
    Path dot = dotOnPath();
    if (dot == null) {
      throw new IllegalStateException(
          "Graphviz's dot is not on the PATH: install Graphviz (https://graphviz.org; apt-get install graphviz,"
              + " brew install graphviz), or write toDot() to a file and render it elsewhere");
    }
    return dot;
  }

  private static Path dotOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : new String[] {"dot", "dot.exe"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return toText();
  }

  /** Six significant digits, without trailing zeros: 0.5, 1.00049, -20, 1.5e-07. */
  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + s.substring(e);
  }

  private static String quote(String s) {
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

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
