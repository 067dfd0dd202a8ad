package io.github.chainrule.processor;

import io.github.chainrule.processor.emit.Signatures;
import io.github.chainrule.processor.frontend.Resolver;
import io.github.chainrule.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * The custom derivatives: methods annotated {@code @DerivativeOf}, which supply a method's
 * pullback (and optionally its tangent) by hand. Each is checked once, where it is declared,
 * against the signature the generated pullback or tangent of its target would have; a wrong one is
 * an error at its annotation that spells out the signature expected. The valid ones are looked up
 * by target: those compiled in this build (any round), and those declared in the target's own
 * class (from the class path too).
 */
final class CustomDerivatives {
  static final String DERIVATIVE_OF = "io.github.chainrule.DerivativeOf";

  /**
   * The custom derivative of one method.
   *
   * @param target the method it differentiates
   * @param pullback the custom pullback
   * @param tangent the custom tangent, or null (derived from the pullback)
   * @param differentiable per parameter of the target, whether it has a derivative
   */
  record Custom(
      ExecutableElement target, ExecutableElement pullback, ExecutableElement tangent, List<Boolean> differentiable) {
    /** The class that declares the custom derivative (and gets the delegates). */
    TypeElement host() {
      return (TypeElement) pullback.getEnclosingElement();
    }
  }

  /** One {@code @DerivativeOf} method, read. */
  private record Declared(
      ExecutableElement method, AnnotationMirror mirror, TypeElement targetClass, String targetName, boolean tangent) {}

  private final Elements elements;
  private final Messager messager;
  /** The parameters of a {@code @Differentiable} method that have a derivative (wrt, @NoDerivative). */
  private final Function<ExecutableElement, List<Boolean>> declaredFlags;
  /** Valid custom derivatives by target key, from every round so far and the classes scanned. */
  private final Map<String, Custom> byTarget = new LinkedHashMap<>();
  /** Top-level classes of this build with a wrong custom derivative: they get no generated class. */
  private final Set<String> failedHosts = new LinkedHashSet<>();
  /** Classes whose own {@code @DerivativeOf} methods have been looked at (from the class path). */
  private final Map<String, Boolean> scanned = new HashMap<>();

  CustomDerivatives(
      Elements elements, Messager messager, Function<ExecutableElement, List<Boolean>> declaredFlags) {
    this.elements = elements;
    this.messager = messager;
    this.declaredFlags = declaredFlags;
  }

  /**
   * Reads and checks this round's {@code @DerivativeOf} methods, reporting what is wrong.
   *
   * @return the top-level classes that declare them, whose generated classes get the delegates of
   *     the valid ones (unless the class is among {@link #failedHosts()})
   */
  Set<TypeElement> collect(RoundEnvironment round) {
    TypeElement annotation = elements.getTypeElement(DERIVATIVE_OF);
    if (annotation == null) {
      return Set.of();
    }
    List<ExecutableElement> methods = new ArrayList<>();
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      if (e.getKind() == ElementKind.METHOD) {
        methods.add((ExecutableElement) e);
      }
    }
    // By class, then in declaration order: the output does not depend on the order of the sources.
    methods.sort(
        java.util.Comparator.comparing((ExecutableElement m) -> ((TypeElement) m.getEnclosingElement()).getQualifiedName().toString())
            .thenComparingInt(m -> m.getEnclosingElement().getEnclosedElements().indexOf(m)));
    register(methods, true);
    Set<TypeElement> hosts = new LinkedHashSet<>();
    for (ExecutableElement m : methods) {
      if (failedHosts.contains(GradientStep.topLevel(m).getQualifiedName().toString())) {
        hosts.add(GradientStep.topLevel(m));
      }
    }
    for (ExecutableElement m : methods) {
      for (Custom c : byTarget.values()) {
        if (c.pullback().equals(m) || m.equals(c.tangent())) {
          hosts.add(GradientStep.topLevel(m));
        }
      }
    }
    return hosts;
  }

  /**
   * The top-level classes whose custom derivatives had errors (reported): like a class with a
   * wrong {@code @Differentiable} method, such a class gets no generated class.
   */
  Set<String> failedHosts() {
    return failedHosts;
  }

  /** The custom derivative of {@code target}, or null. */
  Custom of(ExecutableElement target) {
    Custom c = byTarget.get(key(target));
    if (c != null) {
      return c;
    }
    // A custom derivative declared beside its target, in a class compiled earlier.
    TypeElement owner = (TypeElement) target.getEnclosingElement();
    if (scanned.putIfAbsent(owner.getQualifiedName().toString(), true) == null) {
      List<ExecutableElement> methods = new ArrayList<>();
      for (Element e : owner.getEnclosedElements()) {
        if (e.getKind() == ElementKind.METHOD && mirror(e) != null) {
          methods.add((ExecutableElement) e);
        }
      }
      register(methods, false);
    }
    return byTarget.get(key(target));
  }

  /** The valid custom derivatives declared in {@code top}, its nested classes included, in source order. */
  List<Custom> declaredIn(TypeElement top) {
    List<Custom> out = new ArrayList<>();
    for (Custom c : byTarget.values()) {
      if (GradientStep.topLevel(c.pullback()) == top) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The base name of the delegates a custom derivative gets in its host's generated class: the
   * target's name, with the parameters' descriptor when the host has custom derivatives of several
   * methods of that name ({@link Naming#baseName}).
   */
  String baseName(Custom c) {
    int same = 0;
    for (Custom o : declaredIn(GradientStep.topLevel(c.pullback()))) {
      if (o.target().getSimpleName().contentEquals(c.target().getSimpleName()) && !isDifferentiable(o.target())) {
        same++;
      }
    }
    return Naming.baseName(c.target().getSimpleName().toString(), types(c.target()), same > 1);
  }

  static boolean isDifferentiable(ExecutableElement m) {
    return GradientStep.hasAnnotation(m, GradientStep.DIFFERENTIABLE);
  }

  // ---- reading and checking ------------------------------------------------------------------

  private void register(List<ExecutableElement> methods, boolean report) {
    List<Declared> pullbacks = new ArrayList<>();
    List<Declared> tangents = new ArrayList<>();
    for (ExecutableElement m : methods) {
      Declared d = read(m, report);
      if (d != null) {
        (d.tangent() ? tangents : pullbacks).add(d);
      }
    }
    // Insertion-ordered: the delegates are written in the order of their declarations.
    Map<String, ExecutableElement> pullbackOf = new LinkedHashMap<>();
    Map<String, ExecutableElement> targets = new HashMap<>();
    Map<String, ExecutableElement> tangentOf = new LinkedHashMap<>();
    for (List<Declared> group : List.of(pullbacks, tangents)) {
      for (Declared d : group) {
        ExecutableElement target = check(d, report);
        if (target == null) {
          continue;
        }
        String key = key(target);
        Map<String, ExecutableElement> seen = d.tangent() ? tangentOf : pullbackOf;
        ExecutableElement earlier = seen.containsKey(key) ? seen.get(key) : d.tangent() ? null : existing(key);
        if (earlier != null) {
          error(report, d, Message.CUSTOM_DUPLICATE, describe(target), d.tangent() ? "tangent" : "pullback", earlier.getSimpleName());
          continue;
        }
        if (d.tangent() && !pullbackOf.containsKey(key) && existing(key) == null) {
          error(report, d, Message.CUSTOM_NO_PULLBACK, d.method().getSimpleName(), describe(target));
          continue;
        }
        seen.put(key, d.method());
        targets.put(key, target);
      }
    }
    for (Map.Entry<String, ExecutableElement> p : pullbackOf.entrySet()) {
      ExecutableElement target = targets.get(p.getKey());
      byTarget.put(p.getKey(), new Custom(target, p.getValue(), tangentOf.get(p.getKey()), flags(target)));
    }
    for (Map.Entry<String, ExecutableElement> t : tangentOf.entrySet()) {
      Custom c = byTarget.get(t.getKey());
      if (c != null && c.tangent() == null) {
        byTarget.put(t.getKey(), new Custom(c.target(), c.pullback(), t.getValue(), c.differentiable()));
      }
    }
  }

  private ExecutableElement existing(String key) {
    Custom c = byTarget.get(key);
    return c == null ? null : c.pullback();
  }

  private Declared read(ExecutableElement m, boolean report) {
    AnnotationMirror mirror = mirror(m);
    if (mirror == null) {
      return null;
    }
    TypeElement targetClass = (TypeElement) m.getEnclosingElement();
    String name = null;
    boolean tangent = false;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      String key = v.getKey().getSimpleName().toString();
      Object value = v.getValue().getValue();
      switch (key) {
        case "value" -> {
          if (value instanceof TypeMirror t && t.getKind() == TypeKind.DECLARED) {
            targetClass = (TypeElement) ((DeclaredType) t).asElement();
          } else if (!(value instanceof TypeMirror t && t.getKind() == TypeKind.VOID)) {
            return null; // an unresolved class: javac reports it
          }
        }
        case "method" -> name = String.valueOf(value);
        case "mode" -> tangent = value instanceof VariableElement e && e.getSimpleName().contentEquals("TANGENT");
        default -> {}
      }
    }
    if (name == null) {
      return null;
    }
    Declared d = new Declared(m, mirror, targetClass, name, tangent);
    if (!m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)
        || !m.getTypeParameters().isEmpty() || m.isVarArgs()) {
      error(report, d, Message.CUSTOM_MODIFIERS, m.getSimpleName());
      return null;
    }
    return d;
  }

  /** The target of a custom derivative whose signature is right, or null (reported). */
  private ExecutableElement check(Declared d, boolean report) {
    List<ExecutableElement> candidates = new ArrayList<>();
    for (Element e : d.targetClass().getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD
          && e.getSimpleName().contentEquals(d.targetName())
          && e.getModifiers().contains(Modifier.STATIC)
          && !e.equals(d.method())) {
        candidates.add((ExecutableElement) e);
      }
    }
    if (candidates.isEmpty()) {
      error(report, d, Message.CUSTOM_NO_TARGET, d.targetName(), d.targetClass().getQualifiedName());
      return null;
    }
    // The target is the overload whose custom signature this is; or the only one there is.
    ExecutableElement target = null;
    for (ExecutableElement c : candidates) {
      if (matches(c, d)) {
        target = c;
      }
    }
    if (target == null && candidates.size() == 1) {
      target = candidates.get(0);
    }
    if (target == null) {
      StringJoiner expected = new StringJoiner(" or ");
      for (ExecutableElement c : candidates) {
        String s = expected(c, d);
        expected.add(s == null ? describe(c) + " (which cannot have one)" : s);
      }
      error(report, d, Message.CUSTOM_SIGNATURE, d.method().getSimpleName(), d.tangent() ? "tangent" : "pullback", d.targetName(), expected);
      return null;
    }
    Type ret = Resolver.typeOf(target.getReturnType());
    boolean typesOk = ret != null && ret.isFloating();
    for (VariableElement p : target.getParameters()) {
      typesOk &= Resolver.typeOf(p.asType()) != null;
    }
    if (!typesOk) {
      error(report, d, Message.CUSTOM_TARGET_TYPE, describe(target));
      return null;
    }
    if (isDifferentiable(target) && !target.getEnclosingElement().equals(d.method().getEnclosingElement())) {
      error(report, d, Message.CUSTOM_OTHER_CLASS, describe(target), ((TypeElement) target.getEnclosingElement()).getQualifiedName());
      return null;
    }
    if (!matches(target, d)) {
      error(report, d, Message.CUSTOM_SIGNATURE, d.method().getSimpleName(), d.tangent() ? "tangent" : "pullback", describe(target), expected(target, d));
      return null;
    }
    return target;
  }

  /** The flags of a target: its own {@code @Differentiable} ones, else every double or float parameter. */
  private List<Boolean> flags(ExecutableElement target) {
    if (isDifferentiable(target)) {
      return declaredFlags.apply(target);
    }
    List<Boolean> out = new ArrayList<>();
    for (VariableElement p : target.getParameters()) {
      Type t = Resolver.typeOf(p.asType());
      out.add(t != null && t.isDifferentiable() && !GradientStep.hasAnnotation(p, GradientStep.NO_DERIVATIVE));
    }
    return out;
  }

  /** One parameter of an expected signature. */
  private record Slot(Type type, String name) {}

  /** The parameters a custom pullback or tangent of {@code target} must have, or null. */
  private List<Slot> expectedSlots(ExecutableElement target, boolean tangent) {
    Type ret = Resolver.typeOf(target.getReturnType());
    List<Type> types = types(target);
    if (ret == null || types.contains(null)) {
      return null;
    }
    List<Boolean> flags = flags(target);
    List<Slot> out = new ArrayList<>();
    List<Slot> trailing = new ArrayList<>();
    if (tangent) {
      boolean packed = Signatures.packedTangent(types, flags);
      for (int i = 0; i < types.size(); i++) {
        String p = target.getParameters().get(i).getSimpleName().toString();
        out.add(new Slot(types.get(i), p));
        if (flags.get(i) && types.get(i).isArray() && packed) {
          trailing.add(new Slot(types.get(i), p + "Dot"));
        } else if (flags.get(i) && !packed) {
          out.add(new Slot(types.get(i), p + "Dot"));
        }
      }
      if (packed) {
        out.add(new Slot(Type.ofJavaName("double[]"), "dot"));
      }
    } else {
      boolean scalars = false;
      for (int i = 0; i < types.size(); i++) {
        String p = target.getParameters().get(i).getSimpleName().toString();
        out.add(new Slot(types.get(i), p));
        scalars |= flags.get(i) && !types.get(i).isArray();
        if (flags.get(i) && types.get(i).isArray()) {
          trailing.add(new Slot(types.get(i), p + "Adj"));
        }
      }
      out.add(new Slot(ret, "seed"));
      if (scalars) {
        out.add(new Slot(Type.ofJavaName("double[]"), "adj"));
        out.add(new Slot(Type.INT, "at"));
      }
    }
    out.addAll(trailing);
    return out;
  }

  /** The signature a custom derivative of {@code target} must have, as Java, or null. */
  private String expected(ExecutableElement target, Declared d) {
    List<Slot> slots = expectedSlots(target, d.tangent());
    if (slots == null) {
      return null;
    }
    StringJoiner params = new StringJoiner(", ", "(", ")");
    for (Slot slot : slots) {
      params.add(slot.type().javaName() + " " + slot.name());
    }
    return "static " + Resolver.typeOf(target.getReturnType()).javaName() + " " + d.method().getSimpleName() + params;
  }

  /** Whether a custom derivative has the parameter and result types expected. */
  private boolean matches(ExecutableElement target, Declared d) {
    List<Slot> slots = expectedSlots(target, d.tangent());
    List<? extends VariableElement> params = d.method().getParameters();
    if (slots == null || slots.size() != params.size()
        || Resolver.typeOf(d.method().getReturnType()) != Resolver.typeOf(target.getReturnType())) {
      return false;
    }
    for (int i = 0; i < slots.size(); i++) {
      if (Resolver.typeOf(params.get(i).asType()) != slots.get(i).type()) {
        return false;
      }
    }
    return true;
  }

  private static List<Type> types(ExecutableElement m) {
    List<Type> out = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      out.add(Resolver.typeOf(p.asType()));
    }
    return out;
  }

  /** A method's identity across rounds and class files: class, name, parameter types. */
  private static String key(ExecutableElement m) {
    StringJoiner j = new StringJoiner(",", "(", ")");
    for (VariableElement p : m.getParameters()) {
      j.add(p.asType().toString());
    }
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m.getSimpleName() + j;
  }

  /** {@code Owner.name(types)}, for messages. */
  static String describe(ExecutableElement m) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (VariableElement p : m.getParameters()) {
      j.add(p.asType().toString());
    }
    return ((TypeElement) m.getEnclosingElement()).getSimpleName() + "." + m.getSimpleName() + j;
  }

  /** The {@code @DerivativeOf} annotation of {@code e}, or null. */
  static AnnotationMirror mirror(Element e) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DERIVATIVE_OF)) {
        return a;
      }
    }
    return null;
  }

  private void error(boolean report, Declared d, Message message, Object... args) {
    if (report) {
      failedHosts.add(GradientStep.topLevel(d.method()).getQualifiedName().toString());
      messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), d.method(), d.mirror());
    }
  }
}
