package io.github.chainrule.processor.emit;

import io.github.chainrule.processor.ir.Var;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Unique, readable Java identifiers for the variables of one generated method: the user's names
 * where they are free, else the name with a numeric suffix ({@code q}, {@code q_1}, ...). Names are
 * handed out in a deterministic order, so the output is too.
 */
final class Names {
  private final Set<String> taken = new HashSet<>();
  private final Map<Var, String> names = new HashMap<>();

  /** A fresh identifier based on {@code hint}. */
  String fresh(String hint) {
    String base = SourceVersion.isIdentifier(hint) && !SourceVersion.isKeyword(hint) ? hint : "v";
    String name = base;
    for (int i = 1; taken.contains(name) || SourceVersion.isKeyword(name); i++) {
      name = base + "_" + i;
    }
    taken.add(name);
    return name;
  }

  private final Set<Var> inFrame = new HashSet<>();
  private String frame;

  /**
   * From now on, {@link #of} writes the variables of {@code vars} as fields of the frame object
   * {@code frame} ({@code frame.x}): the variables that parts of an outlined method share.
   */
  void frame(String frame, Set<Var> vars) {
    this.frame = frame;
    inFrame.addAll(vars);
  }

  /** How {@code v} is written where it is used: its identifier, or its frame field. */
  String of(Var v) {
    String name = raw(v);
    return frame != null && inFrame.contains(v) ? frame + "." + name : name;
  }

  /** The identifier of {@code v} (a local, a parameter or a frame field's name), chosen on first use. */
  String raw(Var v) {
    String name = names.get(v);
    if (name == null) {
      name = fresh(v.hint());
      names.put(v, name);
    }
    return name;
  }
}
