package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.ComputationalGraph;
import io.github.chainrule.processor.emit.ClassModel.MethodModel;
import io.github.chainrule.processor.emit.ClassModel.ParamModel;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Stmts;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import io.github.chainrule.processor.transform.AdjointPass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The run-time graph of a method ({@code -Achainrule.graphs=true}): {@code mGraph(args)} runs the
 * method forward and backward once and returns an {@code io.github.chainrule.ComputationalGraph}
 * with each node's value and adjoint. Two private sweeps record them: {@code mGraphValues}, the
 * primal with a store of each node's value after the operation that computes it (inside a loop,
 * the last iteration's value stays), and {@code mGraphAdjoints}, a pullback that keeps every
 * node's adjoint and stores those outside loops at its end.
 */
public final class GraphMethods {
  private static final ClassName GRAPH = ClassName.get("io.github.chainrule", "ComputationalGraph");
  private static final ClassName TAPE = ClassName.get("io.github.chainrule", "Tape");
  private static final ClassName ADJOINTS = ClassName.get("io.github.chainrule", "Adjoints");

  /** The longest string constant written: the class file limit is 65,535 bytes of UTF-8. */
  private static final int CHUNK = 16_000;

  private GraphMethods() {}

  /**
   * What the writer needs: the graph, the primal it was drawn from, a pullback of the primal that
   * keeps the adjoints of the graph's nodes, and those adjoints by the nodes' variables.
   */
  public record Input(GraphWriter.Graph graph, Function primal, AdjointPass.Pullback pullback, Map<Var, Var> adjoints, VarFactory vars) {}

  /** The variables whose adjoints {@code mGraph} shows: the scalar nodes outside loops. */
  public static List<Var> shown(GraphWriter.Graph graph) {
    List<Var> out = new ArrayList<>();
    for (GraphWriter.Node n : graph.nodes()) {
      if (n.var() != null && !n.inLoop() && n.var().type().isNumeric()) {
        out.add(n.var());
      }
    }
    return out;
  }

  /** {@code mGraph} and its sweeps, with the parts and frames of sweeps too long for one method. */
  static void write(MethodModel m, Input in, String link, String sourceFile, List<MethodSpec> methods, List<TypeSpec> frames) {
    GraphWriter.Graph g = in.graph();
    int n = g.nodes().size();
    // A node's value is stored after the statement that computes it (not after later assignments
    // of the same variable: a loop's next value).
    Map<Var, Integer> paramSlots = new HashMap<>();
    Map<Stmt, Integer> valueSlots = new IdentityHashMap<>();
    for (GraphWriter.Node node : g.nodes()) {
      if (node.var() != null && node.var().type().isNumeric()) {
        if (node.source() == null) {
          paramSlots.put(node.var(), node.id() - 1);
        } else {
          valueSlots.put(node.source(), node.id() - 1);
        }
      }
    }

    // mGraphValues(args, values): the primal, storing each node's value.
    Var values = in.vars().create("values", Type.DOUBLE_ARRAY, Var.Role.EXTRA_PARAM);
    List<Stmt> body = new ArrayList<>();
    for (Function.Param p : in.primal().params()) {
      Integer slot = paramSlots.get(p.var());
      if (slot != null) {
        body.add(new Stmt.Store(values, Const.of(Type.INT, slot), p.var(), null));
      }
    }
    body.addAll(record(in.primal().body(), values, valueSlots));
    List<Function.Param> valueParams = new ArrayList<>(in.primal().params());
    valueParams.add(new Function.Param(values, false));
    String valuesName = m.baseName() + "GraphValues";
    methods.add(sweep(valuesName, new Function(in.primal().name(), valueParams, in.primal().returnType(), body), null,
        "The values of the nodes of {@code $L}'s graph: the method, storing each node's value.\n", m.name(), sourceFile, methods, frames));

    // mGraphAdjoints(args, seed, arrayAdjoints..., adjoints[, tape]): the pullback, storing each
    // adjoint shown (outside loops) before it returns.
    Var adjoints = in.vars().create("adjoints", Type.DOUBLE_ARRAY, Var.Role.EXTRA_PARAM);
    Function pb = in.pullback().function();
    List<Stmt> backward = new ArrayList<>(pb.body().subList(0, pb.body().size() - 1));
    for (GraphWriter.Node node : g.nodes()) {
      Var adj = node.var() == null ? null : in.adjoints().get(node.var());
      if (adj != null && !node.inLoop() && !adj.type().isArray()) {
        backward.add(new Stmt.Store(adjoints, Const.of(Type.INT, node.id() - 1), adj, null));
      }
    }
    backward.add(pb.body().get(pb.body().size() - 1));
    List<Function.Param> adjointParams = new ArrayList<>(pb.params());
    adjointParams.add(new Function.Param(adjoints, false));
    String adjointsName = m.baseName() + "GraphAdjoints";
    boolean tape = in.pullback().usesTape();
    methods.add(sweep(adjointsName, new Function(pb.name(), adjointParams, pb.returnType(), backward), tape ? "tape" : null,
        "The adjoints of the nodes of {@code $L}'s graph: its pullback, storing each adjoint shown.\n", m.name(), sourceFile, methods, frames));

    // mGraph(args)
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(m.baseName() + "Graph")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(GRAPH)
            .addJavadoc(
                "Runs $L forward and backward once and returns its computational graph with each node's"
                    + " value and adjoint (the derivative of the result with respect to the node), as the"
                    + " tutorials draw it: {@code toDot()}, {@code toSvg()}, {@code toText()}. Inside loops the"
                    + " nodes show the last iteration's values and no adjoints. Written with {@code"
                    + " -Achainrule.graphs=true}; allocates the graph.\n\n",
                link);
    Names names = new Names();
    List<String> args = new ArrayList<>();
    for (ParamModel p : m.params()) {
      String name = names.fresh(p.name());
      b.addParameter(ParameterSpec.builder(GradientWriter.type(p.type()), name).build());
      b.addJavadoc("@param $N the argument {@code $N}\n", name, p.name());
      args.add(name);
    }
    b.addJavadoc("@return the graph, with the values of this call\n");
    String valuesVar = names.fresh("values");
    String adjointsVar = names.fresh("adjoints");
    b.addStatement("double[] $N = new double[$L]", valuesVar, n)
        .addStatement("$T.fill($N, Double.NaN)", java.util.Arrays.class, valuesVar)
        .addStatement("double[] $N = new double[$L]", adjointsVar, n)
        .addStatement("$T.fill($N, Double.NaN)", java.util.Arrays.class, adjointsVar);
    // The output node shows the result, and the seed df/df = 1 the backward sweep starts from.
    GraphWriter.Node output = null;
    for (GraphWriter.Node node : g.nodes()) {
      if (node.kind() == GraphWriter.Kind.OUTPUT) {
        output = node;
      }
    }
    if (output != null) {
      b.addStatement("$N[$L] = $N($L, $N)", valuesVar, output.id() - 1, valuesName, String.join(", ", args), valuesVar)
          .addStatement("$N[$L] = 1", adjointsVar, output.id() - 1);
    } else {
      b.addStatement("$N($L, $N)", valuesName, String.join(", ", args), valuesVar);
    }
    CodeBlock.Builder call = CodeBlock.builder().add("$N($L, $L", adjointsName, String.join(", ", args),
        m.returnType() == Type.FLOAT ? "1.0f" : "1.0");
    for (int i = m.params().size() + 1; i < pb.params().size(); i++) {
      // The shadows of the differentiable arrays, in parameter order.
      Var shadow = pb.params().get(i).var();
      String shadowName = names.fresh(shadow.hint());
      int original = originalOf(in, shadow);
      b.addStatement("$T $N = $T.zerosLike($N)", GradientWriter.type(shadow.type()), shadowName, ADJOINTS, args.get(original));
      call.add(", $N", shadowName);
    }
    call.add(", $N", adjointsVar);
    if (tape) {
      call.add(", new $T()", TAPE);
    }
    b.addStatement("$L)", call.build());
    CodeBlock.Builder chunks = CodeBlock.builder();
    String spec = spec(g);
    for (int from = 0; from < spec.length(); from += CHUNK) {
      chunks.add(from == 0 ? "$S" : ",\n$S", spec.substring(from, Math.min(spec.length(), from + CHUNK)));
    }
    b.addStatement(
        "return $T.parse($S, $S, String.join(\"\", $L), $N, $N)",
        GRAPH, g.name(), g.title(), chunks.build(), valuesVar, adjointsVar);
    methods.add(b.build());
  }

  /** The index of the original parameter whose shadow {@code shadow} is. */
  private static int originalOf(Input in, Var shadow) {
    List<Var> adjoints = in.pullback().adjoints();
    for (int i = 0; i < adjoints.size(); i++) {
      if (adjoints.get(i) == shadow) {
        return i;
      }
    }
    throw new IllegalStateException("no parameter for " + shadow);
  }

  private static MethodSpec sweep(
      String name, Function f, String tape, String doc, String method, String sourceFile, List<MethodSpec> methods, List<TypeSpec> frames) {
    Names names = new Names();
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(GradientWriter.type(f.returnType()))
            .addJavadoc(doc, method);
    List<Var> params = new ArrayList<>();
    for (Function.Param p : f.params()) {
      params.add(p.var());
      b.addParameter(ParameterSpec.builder(GradientWriter.type(p.var().type()), names.of(p.var())).build());
    }
    String tapeName = null;
    if (tape != null) {
      tapeName = names.fresh(tape);
      b.addParameter(TAPE, tapeName);
    }
    BodyWriter body = new BodyWriter(names, sourceFile, name, tapeName);
    b.addCode(body.write(f.body(), -1, params, null, List.of()));
    methods.addAll(body.helpers());
    if (body.frameClass() != null) {
      frames.add(body.frameClass());
    }
    return b.build();
  }

  /** {@code block} with a store of each recorded variable's value after its assignment. */
  private static List<Stmt> record(List<Stmt> block, Var values, Map<Stmt, Integer> slots) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt original : block) {
      Stmt s = original;
      List<List<Stmt>> nested = Stmts.blocks(s);
      if (!nested.isEmpty()) {
        List<List<Stmt>> recorded = new ArrayList<>();
        for (List<Stmt> inner : nested) {
          recorded.add(record(inner, values, slots));
        }
        s = Stmts.withBlocks(s, recorded);
      }
      out.add(s);
      if (s instanceof Stmt.Assign a && slots.containsKey(original)) {
        out.add(new Stmt.Store(values, Const.of(Type.INT, slots.get(original)), a.target(), a.origin()));
      }
    }
    return out;
  }

  /** The graph's nodes, edges and clusters in {@code ComputationalGraph.parse}'s format. */
  private static String spec(GraphWriter.Graph g) {
    char group = ComputationalGraph.GROUP;
    char record = ComputationalGraph.RECORD;
    char field = ComputationalGraph.FIELD;
    StringBuilder b = new StringBuilder();
    for (GraphWriter.Node n : g.nodes()) {
      if (n.id() > 1) {
        b.append(record);
      }
      // By name: the runtime's kinds are the same, in whatever order.
      b.append(ComputationalGraph.Kind.valueOf(n.kind().name()).ordinal()).append(field).append(n.cluster()).append(field).append(n.inLoop() ? 1 : 0)
          .append(field).append(clean(n.label()));
    }
    b.append(group);
    boolean first = true;
    for (GraphWriter.Edge e : g.edges()) {
      if (!first) {
        b.append(record);
      }
      first = false;
      b.append(e.from()).append(field).append(e.to()).append(field).append(e.next() ? 1 : 0);
    }
    b.append(group);
    for (GraphWriter.Cluster c : g.clusters()) {
      if (c.id() > 1) {
        b.append(record);
      }
      b.append(c.parent()).append(field).append(c.order()).append(field).append(c.style()).append(field).append(clean(c.label()));
    }
    return b.toString();
  }

  private static String clean(String label) {
    return label
        .replace(ComputationalGraph.GROUP, ' ')
        .replace(ComputationalGraph.RECORD, ' ')
        .replace(ComputationalGraph.FIELD, ' ');
  }
}
