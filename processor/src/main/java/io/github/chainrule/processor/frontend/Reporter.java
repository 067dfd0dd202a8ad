package io.github.chainrule.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.Message;
import javax.tools.Diagnostic;

/** Reports errors at the exact tree, and counts them. */
public final class Reporter {
  private final Trees trees;
  private final CompilationUnitTree unit;
  private int errors;

  public Reporter(Trees trees, CompilationUnitTree unit) {
    this.trees = trees;
    this.unit = unit;
  }

  /**
   * Reports an error at {@code at}. The same error at the same tree is reported once: the front end
   * may translate a statement more than once (the code after an early return is the continuation
   * of each branch).
   */
  public void error(Tree at, Message message, Object... args) {
    String text = message.format(args);
    if (!reported.add(new java.util.AbstractMap.SimpleEntry<>(new Identity(at), text))) {
      return;
    }
    errors++;
    if (holding) {
      held.add(new java.util.AbstractMap.SimpleEntry<>(at, text));
    } else {
      trees.printMessage(Diagnostic.Kind.ERROR, text, at, unit);
    }
  }

  private boolean holding;
  private final java.util.List<java.util.Map.Entry<Tree, String>> held = new java.util.ArrayList<>();

  /** From now on, errors are held back until {@link #release} (or dropped by {@link #drop}). */
  public void hold() {
    holding = true;
  }

  /** Reports the held errors, and reports further ones at once. */
  public void release() {
    holding = false;
    for (java.util.Map.Entry<Tree, String> e : held) {
      trees.printMessage(Diagnostic.Kind.ERROR, e.getValue(), e.getKey(), unit);
    }
    held.clear();
  }

  /** The trees of the held errors, in order. */
  public java.util.List<Tree> heldAt() {
    return held.stream().map(java.util.Map.Entry::getKey).toList();
  }

  /** The trees of the held errors with one of {@code messages}, in order. */
  public java.util.List<Tree> heldAt(Message... messages) {
    java.util.List<Tree> out = new java.util.ArrayList<>();
    for (java.util.Map.Entry<Tree, String> e : held) {
      for (Message m : messages) {
        if (e.getValue().startsWith("[" + m.code() + "]")) {
          out.add(e.getKey());
          break;
        }
      }
    }
    return out;
  }

  /** Drops the held errors: javac reports the real problem itself. */
  public void drop() {
    holding = false;
    held.clear();
  }

  private final java.util.Set<java.util.Map.Entry<Identity, String>> reported = new java.util.HashSet<>();

  /** A tree compared by identity. */
  private record Identity(Tree tree) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.tree == tree;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(tree);
    }
  }

  public int errors() {
    return errors;
  }
}
