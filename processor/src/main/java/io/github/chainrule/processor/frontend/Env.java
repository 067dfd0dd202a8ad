package io.github.chainrule.processor.frontend;

import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names in scope at one point of a path: the declared type and the current version of each
 * local. Each branch reads with its own copy; the readers join them where paths meet.
 */
final class Env {
  final Map<String, Type> declared = new LinkedHashMap<>();
  final Map<String, Var> values = new HashMap<>();

  void declare(String name, Type type) {
    declared.put(name, type);
    values.remove(name);
  }

  void set(String name, Var v) {
    values.put(name, v);
  }

  Env copy() {
    Env e = new Env();
    e.declared.putAll(declared);
    e.values.putAll(values);
    return e;
  }
}
