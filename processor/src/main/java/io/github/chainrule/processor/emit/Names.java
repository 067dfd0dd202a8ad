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

  /** The identifier of {@code v}, chosen on first use. */
  String of(Var v) {
    String name = names.get(v);
    if (name == null) {
      name = fresh(v.hint());
      names.put(v, name);
    }
    return name;
  }
}
