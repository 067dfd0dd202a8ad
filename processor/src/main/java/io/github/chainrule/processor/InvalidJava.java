package io.github.chainrule.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether a method body the processor rejects is not even valid Java, so that javac's own error
 * ("cannot find symbol", "incompatible types", ...) is the one to show. Asked only on the error
 * path: it makes javac attribute the class early (javac discards that attribution and its
 * diagnostics that it reports again later, between rounds), then looks for erroneous types.
 */
final class InvalidJava extends TreePathScanner<Void, Void> {
  private final Trees trees;
  private boolean invalid;

  private InvalidJava(Trees trees) {
    this.trees = trees;
  }

  /**
   * {@code method} is the path of a method declaration with a body; {@code errorsAt} are the trees
   * where the processor found errors in it.
   */
  static boolean in(Trees trees, TreePath method, List<Tree> errorsAt) {
    MethodTree tree = (MethodTree) method.getLeaf();
    try {
      // A block has no symbol of its own, so this attributes the enclosing class.
      trees.getElement(new TreePath(method, tree.getBody()));
    } catch (RuntimeException e) {
      return false; // no attribution to be had: keep the processor's errors
    }
    InvalidJava scan = new InvalidJava(trees);
    scan.scan(new TreePath(method, tree.getBody()), null);
    if (scan.invalid) {
      return true;
    }
    // A name the processor cannot resolve although javac finds a local variable: the processor
    // knows a local only where it is definitely assigned, and javac's flow analysis (after
    // processing) reports "variable might not have been initialized".
    // Likewise an instance field or method named without an instance in a static method: javac
    // reports "non-static ... cannot be referenced from a static context".
    boolean isStatic = tree.getModifiers().getFlags().contains(Modifier.STATIC);
    for (Tree at : errorsAt) {
      Tree name = at instanceof MethodInvocationTree call ? call.getMethodSelect() : at;
      if (name instanceof IdentifierTree) {
        TreePath p = TreePath.getPath(method, name);
        Element e = p == null ? null : trees.getElement(p);
        if (e != null && e.getKind() == ElementKind.LOCAL_VARIABLE) {
          return true;
        }
        if (e != null
            && isStatic
            && (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.METHOD)
            && !e.getModifiers().contains(Modifier.STATIC)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public Void scan(Tree tree, Void unused) {
    if (invalid || tree == null) {
      return null;
    }
    if (tree instanceof ExpressionTree) {
      TypeMirror t = trees.getTypeMirror(new TreePath(getCurrentPath(), tree));
      if (t != null && t.getKind() == TypeKind.ERROR) {
        invalid = true;
        return null;
      }
    }
    return super.scan(tree, unused);
  }

  @Override
  public Void visitReturn(ReturnTree tree, Void unused) {
    if (tree.getExpression() == null && returnsValue()) {
      invalid = true; // javac: "missing return value"
    }
    return super.visitReturn(tree, unused);
  }

  @Override
  public Void visitClass(ClassTree tree, Void unused) {
    return null; // a local class is the processor's matter (CR202), its body is not looked at
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
    return null;
  }

  private boolean returnsValue() {
    for (TreePath p = getCurrentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree m) {
        Tree r = m.getReturnType();
        return r != null && !(r instanceof PrimitiveTypeTree pt && pt.getPrimitiveTypeKind() == TypeKind.VOID);
      }
    }
    return false;
  }
}
