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

  public void error(Tree at, Message message, Object... args) {
    errors++;
    trees.printMessage(Diagnostic.Kind.ERROR, message.format(args), at, unit);
  }

  public int errors() {
    return errors;
  }
}
