package io.github.chainrule.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * {@code @Differentiable} on a method of a local or anonymous class: javac never lists such
 * methods among the annotated elements, so they would be silently ignored. This finds them in the
 * round's source trees, by the annotation's name as written (the bodies are not attributed yet),
 * and reports each at the method.
 */
final class LocalClassCheck extends TreePathScanner<Void, Void> {
  private static final String PACKAGE = "io.github.chainrule";

  private final Trees trees;
  private final CompilationUnitTree unit;
  private final boolean simpleNameImported;
  private final Set<String> failedTops;
  private int localDepth;

  private LocalClassCheck(Trees trees, CompilationUnitTree unit, Set<String> failedTops) {
    this.trees = trees;
    this.unit = unit;
    this.failedTops = failedTops;
    boolean imported = unit.getPackageName() != null && unit.getPackageName().toString().equals(PACKAGE);
    for (ImportTree i : unit.getImports()) {
      String name = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && (name.equals(GradientStep.DIFFERENTIABLE) || name.equals(PACKAGE + ".*"))) {
        imported = true;
      }
    }
    this.simpleNameImported = imported;
  }

  /**
   * Reports every such method in the round's source files; returns the qualified names of the
   * top-level classes that hold one, which get no generated code.
   */
  static Set<String> report(Trees trees, RoundEnvironment round) {
    Set<String> failedTops = new HashSet<>();
    Set<CompilationUnitTree> seen = new HashSet<>();
    for (Element root : round.getRootElements()) {
      TreePath path = root instanceof TypeElement ? trees.getPath(root) : null;
      if (path != null && seen.add(path.getCompilationUnit())) {
        new LocalClassCheck(trees, path.getCompilationUnit(), failedTops).scan(path.getCompilationUnit(), null);
      }
    }
    return failedTops;
  }

  @Override
  public Void visitClass(ClassTree tree, Void unused) {
    Tree parent = getCurrentPath().getParentPath().getLeaf();
    boolean local = !(parent instanceof ClassTree) && !(parent instanceof CompilationUnitTree);
    if (local) {
      localDepth++;
    }
    try {
      return super.visitClass(tree, unused);
    } finally {
      if (local) {
        localDepth--;
      }
    }
  }

  @Override
  public Void visitMethod(MethodTree tree, Void unused) {
    if (localDepth > 0 && isDifferentiable(tree)) {
      String kind = kindOfInnermostClass();
      trees.printMessage(
          Diagnostic.Kind.ERROR, Message.LOCAL_CLASS.format(tree.getName(), kind), tree, unit);
      TreePath p = getCurrentPath();
      TreePath top = null;
      for (; p != null; p = p.getParentPath()) {
        if (p.getLeaf() instanceof ClassTree) {
          top = p;
        }
      }
      Element e = top == null ? null : trees.getElement(top);
      if (e instanceof TypeElement t) {
        failedTops.add(t.getQualifiedName().toString());
      }
    }
    return super.visitMethod(tree, unused);
  }

  private String kindOfInnermostClass() {
    for (TreePath p = getCurrentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree c) {
        Tree parent = p.getParentPath().getLeaf();
        return parent instanceof NewClassTree || c.getSimpleName().length() == 0
            ? "an anonymous"
            : parent instanceof ClassTree ? "a class nested in a local" : "a local";
      }
    }
    return "a local";
  }

  private boolean isDifferentiable(MethodTree tree) {
    for (AnnotationTree a : tree.getModifiers().getAnnotations()) {
      String name = a.getAnnotationType().toString();
      if (name.equals(GradientStep.DIFFERENTIABLE) || (simpleNameImported && name.equals("Differentiable"))) {
        return true;
      }
    }
    return false;
  }
}
