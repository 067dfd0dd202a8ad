package io.github.chainrule.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.emit.ClassModel;
import io.github.chainrule.processor.emit.GradientWriter;
import io.github.chainrule.processor.emit.GraphMethods;
import io.github.chainrule.processor.emit.GraphWriter;
import io.github.chainrule.processor.emit.Signatures;
import io.github.chainrule.processor.frontend.MethodReader;
import io.github.chainrule.processor.frontend.Resolver;
import io.github.chainrule.processor.frontend.Reporter;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.Function;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.VarFactory;
import io.github.chainrule.processor.transform.AdjointPass;
import io.github.chainrule.processor.transform.Simplify;
import io.github.chainrule.processor.transform.TangentPass;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * One round of work: validate every {@code @Differentiable} method, read each body into the IR,
 * and only for classes without a single error, transform and write {@code Owner_Grad}. Errors of
 * all methods are reported in the same round; a class with an error gets no file at all, and
 * neither do callers of its methods.
 */
final class GradientStep {
  static final String DIFFERENTIABLE = "io.github.chainrule.Differentiable";
  static final String GENERATED_GRADIENT = "io.github.chainrule.GeneratedGradient";
  static final String NO_DERIVATIVE = "io.github.chainrule.NoDerivative";

  private final ProcessingEnvironment env;
  private final Elements elements;
  private final Messager messager;
  private final Filer filer;
  /** Whether to write each method's graph as DOT ({@code -Achainrule.graphs=true}). */
  private final boolean graphs;
  private final Trees trees;
  private boolean reportedNoTrees;
  /** The {@code @DerivativeOf} methods seen so far, by target. */
  private final CustomDerivatives customs;

  /** A method read in this round. */
  private static final class Method {
    final ExecutableElement element;
    final TypeElement top;
    Function function;
    VarFactory vars;
    Reporter reporter;
    List<MethodReader.CallSite> calls = List.of();
    Set<String> differentiable = Set.of();
    /** Not valid Java: javac reports it, the processor stays silent about the whole class. */
    boolean silent;

    Method(ExecutableElement element, TypeElement top) {
      this.element = element;
      this.top = top;
    }
  }

  GradientStep(ProcessingEnvironment env) {
    this.env = env;
    this.elements = env.getElementUtils();
    this.messager = env.getMessager();
    this.filer = env.getFiler();
    this.graphs = Boolean.parseBoolean(env.getOptions().get(ChainruleProcessor.GRAPHS_OPTION));
    this.trees = treesOf(env);
    this.customs = new CustomDerivatives(elements, messager, this::declaredFlags);
  }

  /**
   * The javac Tree API for {@code env}, or null where the compiler is not javac. A build tool may
   * hand the processor a decorator of javac's environment (Gradle does for incremental processors,
   * to record what the Filer writes): then the javac environment it decorates is taken from its
   * field, for the trees only; files are still written through the decorator's Filer.
   */
  static Trees treesOf(ProcessingEnvironment env) {
    ProcessingEnvironment e = env;
    for (int depth = 0; e != null && depth < 4; depth++) {
      try {
        return Trees.instance(e);
      } catch (IllegalArgumentException notJavac) {
        e = decorated(e);
      }
    }
    return null;
  }

  /** The environment a decorator holds in one of its instance fields, or null. */
  private static ProcessingEnvironment decorated(ProcessingEnvironment env) {
    for (Class<?> c = env.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers())
            || !ProcessingEnvironment.class.isAssignableFrom(f.getType())) {
          continue;
        }
        try {
          f.setAccessible(true);
          if (f.get(env) instanceof ProcessingEnvironment inner && inner != env) {
            return inner;
          }
        } catch (RuntimeException | IllegalAccessException inaccessible) {
          // A field of a module that does not open it: try the next.
        }
      }
    }
    return null;
  }

  void process(RoundEnvironment round) {
    TypeElement annotation = elements.getTypeElement(DIFFERENTIABLE);
    if (annotation == null) {
      return;
    }
    Set<? extends Element> annotated = round.getElementsAnnotatedWith(annotation);
    Set<String> inLocalClasses = trees == null ? Set.of() : LocalClassCheck.report(trees, round);
    Set<TypeElement> hosts = customs.collect(round);
    if (annotated.isEmpty() && hosts.isEmpty()) {
      return;
    }
    if (trees == null) {
      if (!reportedNoTrees) {
        reportedNoTrees = true;
        messager.printMessage(
            Diagnostic.Kind.ERROR,
            Message.NO_TREES.format(env.getClass().getName()),
            annotated.iterator().next());
      }
      return;
    }

    // Group by top-level class; classes by name and methods by position, for deterministic output.
    Map<String, List<Method>> byClass = new TreeMap<>();
    Map<String, TypeElement> tops = new HashMap<>();
    for (Element e : annotated) {
      if (e.getKind() != ElementKind.METHOD) {
        continue;
      }
      TypeElement top = topLevel(e);
      String key = top.getQualifiedName().toString();
      tops.put(key, top);
      byClass.computeIfAbsent(key, k -> new ArrayList<>()).add(new Method((ExecutableElement) e, top));
    }
    // A class that declares custom derivatives gets their delegates, @Differentiable methods or not.
    for (TypeElement host : hosts) {
      String key = host.getQualifiedName().toString();
      tops.put(key, host);
      byClass.computeIfAbsent(key, k -> new ArrayList<>());
    }
    for (List<Method> methods : byClass.values()) {
      methods.sort(Comparator.comparingLong(this::position));
    }

    // Phase 1: validate and read every method; remember which classes have errors.
    Set<String> failed = new LinkedHashSet<>(inLocalClasses);
    failed.addAll(customs.failedHosts());
    Map<ExecutableElement, Method> all = new HashMap<>();
    for (Map.Entry<String, List<Method>> entry : byClass.entrySet()) {
      for (Method m : entry.getValue()) {
        all.put(m.element, m);
        boolean ok;
        try {
          ok = read(m);
        } catch (RuntimeException e) {
          messager.printMessage(
              Diagnostic.Kind.ERROR,
              Message.INTERNAL_ERROR.format(m.element.getSimpleName(), e),
              m.element);
          ok = false;
        }
        if (!ok) {
          failed.add(entry.getKey());
        }
      }
      // Where javac will reject a method of the class, it speaks first: the processor says nothing
      // of the class's other methods either.
      boolean silent = entry.getValue().stream().anyMatch(m -> m.silent);
      for (Method m : entry.getValue()) {
        if (m.reporter != null) {
          if (silent) {
            m.reporter.drop();
          } else {
            m.reporter.release();
          }
        }
      }
      TypeElement top = tops.get(entry.getKey());
      if (!failed.contains(entry.getKey()) && !(checkNames(entry.getValue()) & checkDelegateNames(top, entry.getValue()))) {
        failed.add(entry.getKey());
      }
      String pkg = packageName(top);
      String gradName = Naming.gradClass(top.getSimpleName().toString());
      TypeElement existing = elements.getTypeElement(pkg.isEmpty() ? gradName : pkg + "." + gradName);
      if (existing != null && !isGenerated(existing)) {
        messager.printMessage(
            Diagnostic.Kind.ERROR, Message.GRAD_CLASS_TAKEN.format(gradName, existing.getQualifiedName()), top);
        failed.add(entry.getKey());
      } else if (existing != null && trees.getPath(existing) != null) {
        // A stale generated class given as a source: the Filer refuses to write it again.
        messager.printMessage(
            Diagnostic.Kind.ERROR,
            Message.STALE_GENERATED_CLASS.format(
                existing.getQualifiedName(), trees.getPath(existing).getCompilationUnit().getSourceFile().getName()),
            top);
        failed.add(entry.getKey());
      }
    }

    // Phase 2: a call of a method whose class gets no generated code cannot be differentiated.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, List<Method>> entry : byClass.entrySet()) {
        if (failed.contains(entry.getKey())) {
          continue;
        }
        for (Method m : entry.getValue()) {
          for (MethodReader.CallSite site : m.calls) {
            Method callee = all.get(site.callee());
            CustomDerivatives.Custom custom = callee == null ? customs.of(site.callee()) : null;
            TypeElement generated = callee != null ? callee.top : custom != null ? topLevel(custom.host()) : null;
            if (generated != null && failed.contains(generated.getQualifiedName().toString())) {
              m.reporter.error(
                  site.tree(), Message.CALLEE_HAS_ERRORS, site.callee().getSimpleName(), generated.getSimpleName());
              failed.add(entry.getKey());
              changed = true;
            }
          }
        }
      }
    }

    // Phase 3: transform and write the classes without errors.
    for (Map.Entry<String, List<Method>> entry : byClass.entrySet()) {
      if (failed.contains(entry.getKey())) {
        continue;
      }
      TypeElement top = tops.get(entry.getKey());
      try {
        write(top, entry.getValue());
      } catch (RuntimeException e) {
        StringBuilder trace = new StringBuilder(e.toString());
        for (StackTraceElement s : e.getStackTrace()) {
          trace.append("\n\tat ").append(s);
        }
        messager.printMessage(
            Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format(top.getSimpleName(), trace), top);
      }
    }
  }

  /** Whether a class is one this processor wrote (a stale one from an earlier build, say). */
  static boolean isGenerated(Element t) {
    for (AnnotationMirror a : t.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(GENERATED_GRADIENT)) {
        return true;
      }
    }
    return false;
  }

  private long position(Method m) {
    TreePath path = methodPath(m.element);
    if (path == null) {
      return 0;
    }
    return trees.getSourcePositions().getStartPosition(path.getCompilationUnit(), path.getLeaf());
  }

  /**
   * The path of a method's tree, found from its class's (which comes before any method body):
   * {@code Trees.getPath} of the method itself would scan the bodies of the methods before it,
   * recursively, and overflow the stack on a deeply nested one.
   */
  private TreePath methodPath(ExecutableElement e) {
    TreePath owner = trees.getPath(e.getEnclosingElement());
    Tree tree = trees.getTree(e);
    if (owner == null || tree == null) {
      return null;
    }
    return new TreePath(owner, tree);
  }

  static TypeElement topLevel(Element e) {
    Element t = e;
    while (!(t.getEnclosingElement() instanceof PackageElement)) {
      t = t.getEnclosingElement();
    }
    return (TypeElement) t;
  }

  private static String packageName(TypeElement top) {
    PackageElement pkg = (PackageElement) top.getEnclosingElement();
    return pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
  }

  // ---- Phase 1 ----------------------------------------------------------------------------------

  private boolean read(Method m) {
    ExecutableElement e = m.element;
    TreePath path = methodPath(e);
    if (path == null) {
      return false; // not from source: nothing to read
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    MethodTree tree = (MethodTree) path.getLeaf();
    Reporter reporter = new Reporter(trees, unit);
    m.reporter = reporter;
    String name = e.getSimpleName().toString();
    String gradClass = Naming.gradClass(m.top.getSimpleName().toString());

    Set<Modifier> mods = e.getModifiers();
    if (!mods.contains(Modifier.STATIC)) {
      reporter.error(tree, Message.NOT_STATIC, name);
    }
    if (mods.contains(Modifier.ABSTRACT) || mods.contains(Modifier.NATIVE) || tree.getBody() == null) {
      reporter.error(tree, Message.ABSTRACT_METHOD, name);
    }
    if (mods.contains(Modifier.PRIVATE)) {
      reporter.error(tree, Message.PRIVATE_METHOD, name, gradClass);
    }
    if (isImplicit(m.top, unit)) {
      reporter.error(tree, Message.IMPLICIT_CLASS, name);
    } else {
      // A method of a nested class is generated into the top-level class's Owner_Grad, which
      // must be able to name the class: none on the way out may be private.
      for (Element c = e.getEnclosingElement(); c != m.top; c = c.getEnclosingElement()) {
        if (c.getModifiers().contains(Modifier.PRIVATE)) {
          reporter.error(tree, Message.NESTED_CLASS, name, ((TypeElement) c).getQualifiedName(), gradClass);
          break;
        }
      }
    }
    if (!e.getTypeParameters().isEmpty()) {
      reporter.error(tree, Message.GENERIC_METHOD, name);
    }
    if (e.isVarArgs()) {
      reporter.error(tree, Message.VARARGS_METHOD, name);
    }
    Type ret = frontendType(e.getReturnType());
    if (ret != null && ret.isArray()) {
      reporter.error(tree.getReturnType(), Message.UNSUPPORTED_RETURN_ARRAY);
    } else if (ret == null || !ret.isFloating()) {
      reporter.error(
          tree.getReturnType() == null ? tree : tree.getReturnType(), Message.BAD_RETURN_TYPE, name, e.getReturnType());
    }
    List<String> paramNames = new ArrayList<>();
    Map<String, Type> paramTypes = new LinkedHashMap<>();
    for (int i = 0; i < e.getParameters().size(); i++) {
      VariableElement p = e.getParameters().get(i);
      String pn = p.getSimpleName().toString();
      paramNames.add(pn);
      Type t = frontendType(p.asType());
      paramTypes.put(pn, t);
      if (t == null) {
        VariableTree pt = tree.getParameters().get(i);
        reporter.error(pt.getType() == null ? pt : pt.getType(), Message.BAD_PARAM_TYPE, pn, p.asType());
      }
    }

    // @NoDerivative parameters are constants.
    Set<String> constants = new LinkedHashSet<>();
    for (VariableElement p : e.getParameters()) {
      if (hasAnnotation(p, NO_DERIVATIVE)) {
        constants.add(p.getSimpleName().toString());
      }
    }

    // wrt: which parameters to differentiate with respect to.
    Set<String> differentiable = new LinkedHashSet<>();
    int wrtErrors = 0;
    AnnotationMirror mirror = differentiableMirror(e);
    List<AnnotationValue> wrt = wrtValues(mirror);
    if (wrt.isEmpty()) {
      for (Map.Entry<String, Type> p : paramTypes.entrySet()) {
        if (p.getValue() != null && p.getValue().isDifferentiable() && !constants.contains(p.getKey())) {
          differentiable.add(p.getKey());
        }
      }
    } else {
      for (AnnotationValue v : wrt) {
        String w = String.valueOf(v.getValue());
        if (!paramTypes.containsKey(w)) {
          messager.printMessage(
              Diagnostic.Kind.ERROR,
              Message.UNKNOWN_WRT.format(w, name, String.join(", ", paramNames)),
              e,
              mirror,
              v);
          wrtErrors++;
        } else if (paramTypes.get(w) == null || !paramTypes.get(w).isDifferentiable()) {
          messager.printMessage(
              Diagnostic.Kind.ERROR,
              Message.WRT_NOT_DIFFERENTIABLE.format(w, e.getParameters().get(paramNames.indexOf(w)).asType()),
              e,
              mirror,
              v);
          wrtErrors++;
        } else if (constants.contains(w)) {
          messager.printMessage(Diagnostic.Kind.ERROR, Message.WRT_NO_DERIVATIVE.format(w), e, mirror, v);
          wrtErrors++;
        } else if (!differentiable.add(w)) {
          messager.printMessage(Diagnostic.Kind.ERROR, Message.DUPLICATE_WRT.format(w), e, mirror, v);
          wrtErrors++;
        }
      }
    }
    if (differentiable.isEmpty() && wrt.isEmpty() && !paramTypes.containsValue(null)) {
      reporter.error(tree, Message.NO_DIFFERENTIABLE_PARAM, name);
    }
    Map<String, String> components = new HashMap<>();
    for (String d : differentiable) {
      String c = Naming.component(d);
      String other = components.putIfAbsent(c, d);
      if (other != null) {
        reporter.error(tree.getParameters().get(paramNames.indexOf(d)), Message.COMPONENT_CLASH, other, d, c);
      }
    }
    if (reporter.errors() == 0 && wrtErrors == 0 && ret != null) {
      List<Type> types = new ArrayList<>(paramTypes.values());
      List<Boolean> wanted = new ArrayList<>();
      for (String pn : paramNames) {
        wanted.add(differentiable.contains(pn));
      }
      int pullback = Signatures.pullbackSlots(types, wanted, ret);
      int record = Signatures.recordSlots(types, wanted, ret);
      int tangent = Math.min(Signatures.unpackedTangentSlots(types, wanted), Signatures.packedTangentSlots(types, wanted));
      if (Math.max(pullback, Math.max(record, tangent)) > Signatures.MAX_SLOTS) {
        reporter.error(tree, Message.TOO_MANY_PARAMETERS, name, pullback, record, tangent);
      }
    }
    m.differentiable = differentiable;
    if (reporter.errors() > 0 || wrtErrors > 0 || tree.getBody() == null) {
      return false;
    }

    MethodReader reader =
        new MethodReader(
            trees, elements, unit, (TypeElement) e.getEnclosingElement(), e, tree, reporter, this::describe, gradClass);
    reporter.hold();
    Function f = reader.read(differentiable);
    // Only errors about a name can be javac's "might not have been initialized" or "non-static
    // ... from a static context" in disguise; a row error at a local (CR321) is ours to report.
    List<Tree> names =
        reporter.heldAt(Message.UNKNOWN_NAME, Message.NOT_CONSTANT_FIELD, Message.UNKNOWN_METHOD, Message.INSTANCE_CALLEE);
    if (reporter.errors() > 0 && InvalidJava.in(trees, path, names)) {
      // The body is not valid Java: javac's own error (reported when it attributes the class) is
      // the one the user needs, not the processor's follow-on. Report nothing, write nothing.
      reporter.drop();
      m.silent = true;
      return false;
    }
    m.calls = reader.callSites();
    m.vars = reader.vars();
    m.function = f;
    return f != null;
  }

  /**
   * Whether a top-level class is the implicit class of a compact source file (JDK 25): it is in
   * the unnamed package and the source declares no type of its name. (javax.lang.model has no
   * query for it.)
   */
  private static boolean isImplicit(TypeElement top, CompilationUnitTree unit) {
    if (!((PackageElement) top.getEnclosingElement()).isUnnamed()) {
      return false;
    }
    CharSequence text;
    try {
      text = unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException ex) {
      return false;
    }
    return !java.util.regex.Pattern.compile(
            "\\b(class|interface|enum|record)\\s+" + java.util.regex.Pattern.quote(top.getSimpleName().toString()) + "\\b")
        .matcher(text)
        .find();
  }

  private static Type frontendType(javax.lang.model.type.TypeMirror t) {
    return Resolver.typeOf(t);
  }


  private AnnotationMirror differentiableMirror(Element e) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      Element type = a.getAnnotationType().asElement();
      if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(DIFFERENTIABLE)) {
        return a;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private List<AnnotationValue> wrtValues(AnnotationMirror mirror) {
    if (mirror == null) {
      return List.of();
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v :
        mirror.getElementValues().entrySet()) {
      if (v.getKey().getSimpleName().contentEquals("wrt") && v.getValue().getValue() instanceof List<?> list) {
        return (List<AnnotationValue>) list;
      }
    }
    return List.of();
  }

  /** The differentiable parameters of any method, by its declaration (for callees). */
  private Set<String> declaredDifferentiable(ExecutableElement m) {
    Set<String> out = new LinkedHashSet<>();
    List<AnnotationValue> wrt = wrtValues(differentiableMirror(m));
    for (VariableElement p : m.getParameters()) {
      Type t = frontendType(p.asType());
      String n = p.getSimpleName().toString();
      if (t != null && t.isDifferentiable() && !hasAnnotation(p, NO_DERIVATIVE)) {
        if (wrt.isEmpty()) {
          out.add(n);
        } else {
          for (AnnotationValue v : wrt) {
            if (n.equals(String.valueOf(v.getValue()))) {
              out.add(n);
            }
          }
        }
      }
    }
    return out;
  }

  static boolean hasAnnotation(Element e, String annotation) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code @Differentiable} methods named {@code name} in {@code type} and its member classes. */
  private int countDifferentiable(TypeElement type, String name) {
    int n = 0;
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name) && differentiableMirror(e) != null) {
        n++;
      } else if (e instanceof TypeElement member) {
        n += countDifferentiable(member, name);
      }
    }
    return n;
  }

  /** Per parameter of a {@code @Differentiable} method, whether it has a derivative. */
  private List<Boolean> declaredFlags(ExecutableElement m) {
    Set<String> diff = declaredDifferentiable(m);
    List<Boolean> flags = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      flags.add(diff.contains(p.getSimpleName().toString()));
    }
    return flags;
  }

  /** Describes a called method: its generated code is found by naming convention. */
  private Callee describe(ExecutableElement m) {
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    List<Type> types = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      types.add(frontendType(p.asType()));
    }
    Type ret = frontendType(m.getReturnType());
    CustomDerivatives.Custom custom = differentiableMirror(m) == null ? customs.of(m) : null;
    if (custom != null) {
      TypeElement host = topLevel(custom.host());
      String hostPkg = packageName(host);
      String hostGrad = Naming.gradClass(host.getSimpleName().toString());
      return new Callee(
          packageName(topLevel(m)),
          owner.getQualifiedName().toString(),
          m.getSimpleName().toString(),
          types,
          ret,
          custom.differentiable(),
          hostPkg.isEmpty() ? hostGrad : hostPkg + "." + hostGrad,
          customs.baseName(custom),
          hostPkg,
          true);
    }
    if (differentiableMirror(m) == null) {
      List<Boolean> none = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        none.add(false);
      }
      return new Callee(
          packageName(topLevel(m)), owner.getQualifiedName().toString(), m.getSimpleName().toString(), types, ret, none, null, null, null, false);
    }
    List<Boolean> flags = declaredFlags(m);
    TypeElement top = topLevel(m);
    String pkg = packageName(top);
    String gradClass = Naming.gradClass(top.getSimpleName().toString());
    // Base names are chosen over the whole top-level class, nested classes included (checkNames).
    int sameName = countDifferentiable(top, m.getSimpleName().toString());
    String base = Naming.baseName(m.getSimpleName().toString(), types, sameName > 1);
    return new Callee(
        pkg,
        owner.getQualifiedName().toString(),
        m.getSimpleName().toString(),
        types,
        ret,
        flags,
        pkg.isEmpty() ? gradClass : pkg + "." + gradClass,
        base,
        pkg,
        false);
  }

  /** The generated names of a class's methods must not clash with each other. */
  private boolean checkNames(List<Method> methods) {
    Map<String, Method> records = new HashMap<>();
    Map<String, Method> generated = new HashMap<>();
    boolean ok = true;
    Map<String, Integer> counts = new HashMap<>();
    for (Method m : methods) {
      counts.merge(m.element.getSimpleName().toString(), 1, Integer::sum);
    }
    for (Method m : methods) {
      String base = baseName(m, counts);
      String record = Naming.recordName(base);
      Method other = records.putIfAbsent(record, m);
      // One error per method: the first of its generated names that clashes.
      if (other != null) {
        m.reporter.error(trees.getTree(m.element), Message.GENERATED_NAME_CLASH, "record", record, clashName(m, other), clashName(other, m));
        ok = false;
        continue;
      }
      for (String g : List.of(base, base + "Tangent", base + "Pullback")) {
        other = generated.putIfAbsent(g, m);
        if (other != null && other != m) {
          m.reporter.error(trees.getTree(m.element), Message.GENERATED_NAME_CLASH, "method", g, clashName(m, other), clashName(other, m));
          ok = false;
          break;
        }
      }
    }
    return ok;
  }

  /** A method's name in a clash message: qualified by its class where the other's class differs. */
  private static String clashName(Method m, Method other) {
    String name = m.element.getSimpleName().toString();
    return m.element.getEnclosingElement().equals(other.element.getEnclosingElement())
        ? name
        : declaringClass(m.element) + "." + name;
  }

  private static String baseName(Method m, Map<String, Integer> counts) {
    List<Type> types = new ArrayList<>();
    for (VariableElement p : m.element.getParameters()) {
      types.add(frontendType(p.asType()));
    }
    String name = m.element.getSimpleName().toString();
    return Naming.baseName(name, types, counts.get(name) > 1);
  }

  // ---- Phase 3 ----------------------------------------------------------------------------------

  private void write(TypeElement top, List<Method> methods) {
    Map<String, Integer> counts = new HashMap<>();
    for (Method m : methods) {
      counts.merge(m.element.getSimpleName().toString(), 1, Integer::sum);
    }
    List<ClassModel.MethodModel> models = new ArrayList<>();
    String sourceFile = "";
    if (methods.isEmpty()) {
      String file = trees.getPath(top).getCompilationUnit().getSourceFile().getName();
      sourceFile = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    }
    List<ClassModel.CustomModel> delegates = new ArrayList<>();
    for (CustomDerivatives.Custom c : customs.declaredIn(top)) {
      if (!CustomDerivatives.isDifferentiable(c.target())) {
        List<ClassModel.ParamModel> params = new ArrayList<>();
        for (int i = 0; i < c.target().getParameters().size(); i++) {
          VariableElement p = c.target().getParameters().get(i);
          params.add(new ClassModel.ParamModel(p.getSimpleName().toString(), frontendType(p.asType()), c.differentiable().get(i), null));
        }
        delegates.add(customModel(c, customs.baseName(c), params));
      }
    }
    for (Method m : methods) {
      TreePath path = methodPath(m.element);
      String file = path.getCompilationUnit().getSourceFile().getName();
      sourceFile = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
      Function primal = Simplify.run(m.function, List.of());
      AdjointPass.Pullback pullback = AdjointPass.transform(primal, m.vars);
      TangentPass.Tangent tangent = TangentPass.transform(primal, m.vars);
      List<ClassModel.ParamModel> params = new ArrayList<>();
      for (Function.Param p : m.function.params()) {
        String pn = p.var().hint();
        params.add(
            new ClassModel.ParamModel(
                pn, p.var().type(), p.differentiable(), p.differentiable() ? Naming.component(pn) : null));
      }
      String base = baseName(m, counts);
      GraphMethods.Input graph = null;
      if (graphs) {
        String owner = top.getSimpleName().toString();
        GraphWriter.Graph g = GraphWriter.graph(primal, owner + "." + base, sourceFile);
        writeGraph(top, g, base);
        Map<Var, Var> nodeAdjoints = new HashMap<>();
        AdjointPass.Pullback keeping = AdjointPass.transformKeeping(primal, m.vars, GraphMethods.shown(g), nodeAdjoints);
        graph = new GraphMethods.Input(g, primal, keeping, nodeAdjoints, m.vars);
      }
      models.add(
          new ClassModel.MethodModel(
              m.element.getSimpleName().toString(),
              base,
              Naming.recordName(base),
              params,
              m.function.returnType(),
              pullback,
              tangent,
              graph,
              customModel(customs.of(m.element), base, params),
              declaringClass(m.element)));
    }
    String gradName = Naming.gradClass(top.getSimpleName().toString());
    List<String> qualify = new ArrayList<>();
    for (String lang : List.of("Math", "StrictMath", "Double", "Float", "Integer", "Long", "Boolean")) {
      String pkg = packageName(top);
      if (!pkg.isEmpty() && elements.getTypeElement(pkg + "." + lang) != null) {
        qualify.add(lang);
      }
    }
    ClassModel model =
        new ClassModel(
            packageName(top), top.getSimpleName().toString(), gradName, sourceFile, generatedAnnotation(), models, qualify, delegates);
    try {
      GradientWriter.write(model, top).writeTo(filer);
    } catch (IOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format(gradName, e), top);
    }
  }

  /** {@code Outer} or {@code Outer.Inner}: the class that declares {@code e}, from its top-level class. */
  private static String declaringClass(Element e) {
    String name = "";
    for (Element c = e.getEnclosingElement(); c instanceof TypeElement t; c = c.getEnclosingElement()) {
      name = name.isEmpty() ? t.getSimpleName().toString() : t.getSimpleName() + "." + name;
    }
    return name;
  }

  /** What the writer needs of a custom derivative, or null for none. */
  private ClassModel.CustomModel customModel(
      CustomDerivatives.Custom c, String base, List<ClassModel.ParamModel> params) {
    if (c == null) {
      return null;
    }
    ExecutableElement t = c.target();
    StringJoiner types = new StringJoiner(", ", "(", ")");
    for (VariableElement p : t.getParameters()) {
      types.add(frontendType(p.asType()).javaName());
    }
    TypeElement owner = (TypeElement) t.getEnclosingElement();
    String link = "{@link " + owner.getQualifiedName() + "#" + t.getSimpleName() + types + "}";
    return new ClassModel.CustomModel(
        base,
        t.getSimpleName().toString(),
        link,
        params,
        frontendType(t.getReturnType()),
        com.palantir.javapoet.ClassName.get(c.host()),
        c.pullback().getSimpleName().toString(),
        c.tangent() == null ? null : c.tangent().getSimpleName().toString());
  }

  /**
   * The delegates of the custom derivatives a class declares for other methods must not clash
   * with the generated methods of its {@code @Differentiable} ones.
   */
  private boolean checkDelegateNames(TypeElement top, List<Method> methods) {
    Map<String, Integer> counts = new HashMap<>();
    for (Method m : methods) {
      counts.merge(m.element.getSimpleName().toString(), 1, Integer::sum);
    }
    Map<String, Method> generated = new HashMap<>();
    for (Method m : methods) {
      String base = baseName(m, counts);
      for (String g : List.of(base, base + "Tangent", base + "Pullback")) {
        generated.put(g, m);
      }
    }
    boolean ok = true;
    for (CustomDerivatives.Custom c : customs.declaredIn(top)) {
      if (CustomDerivatives.isDifferentiable(c.target())) {
        continue;
      }
      String base = customs.baseName(c);
      for (String g : List.of(base + "Tangent", base + "Pullback")) {
        Method other = generated.get(g);
        if (other != null) {
          messager.printMessage(
              Diagnostic.Kind.ERROR,
              Message.GENERATED_NAME_CLASH.format("method", g, CustomDerivatives.describe(c.target()), other.element.getSimpleName()),
              c.pullback(),
              CustomDerivatives.mirror(c.pullback()));
          ok = false;
          break;
        }
      }
    }
    return ok;
  }

  /**
   * Writes {@code Owner.base.dot}, the method's computational graph in Graphviz DOT, into the class
   * output beside the class (with {@code -Achainrule.graphs=true}).
   */
  private void writeGraph(TypeElement top, GraphWriter.Graph graph, String base) {
    String name = top.getSimpleName() + "." + base + ".dot";
    try {
      FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, packageName(top), name, top);
      try (Writer w = file.openWriter()) {
        w.write(GraphWriter.dot(graph));
      }
    } catch (IOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format(name, e), top);
    }
  }

  private String generatedAnnotation() {
    if (env.getSourceVersion().compareTo(SourceVersion.RELEASE_8) > 0
        && elements.getTypeElement("javax.annotation.processing.Generated") != null) {
      return "javax.annotation.processing.Generated";
    }
    if (elements.getTypeElement("javax.annotation.Generated") != null) {
      return "javax.annotation.Generated";
    }
    return null;
  }
}
