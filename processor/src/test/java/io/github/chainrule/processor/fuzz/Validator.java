package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Assign;
import io.github.chainrule.processor.fuzz.Ast.Block;
import io.github.chainrule.processor.fuzz.Ast.Call;
import io.github.chainrule.processor.fuzz.Ast.Decl;
import io.github.chainrule.processor.fuzz.Ast.Expr;
import io.github.chainrule.processor.fuzz.Ast.ExprStmt;
import io.github.chainrule.processor.fuzz.Ast.If;
import io.github.chainrule.processor.fuzz.Ast.IncDec;
import io.github.chainrule.processor.fuzz.Ast.JType;
import io.github.chainrule.processor.fuzz.Ast.Method;
import io.github.chainrule.processor.fuzz.Ast.Param;
import io.github.chainrule.processor.fuzz.Ast.Program;
import io.github.chainrule.processor.fuzz.Ast.Ref;
import io.github.chainrule.processor.fuzz.Ast.Return;
import io.github.chainrule.processor.fuzz.Ast.Stmt;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conservative check that a program is valid Java: names in scope and not redeclared, reads of
 * definitely assigned variables only, no unreachable statement, a return at the end of every
 * method, calls of earlier methods only. Types are not checked: the shrinker's edits keep them.
 * Used to filter the shrinker's candidates before they are compiled.
 */
final class Validator {
  private Validator() {}

  static boolean valid(Program p) {
    for (int i = 0; i < p.methods().size(); i++) {
      if (!valid(p, i)) {
        return false;
      }
    }
    return true;
  }

  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid() {
      super(null, null, false, false);
    }
  }

  private static boolean valid(Program p, int index) {
    Method m = p.methods().get(index);
    Map<String, JType> scope = new HashMap<>();
    Set<String> da = new HashSet<>();
    for (Param q : m.params()) {
      scope.put(q.name(), q.type());
      da.add(q.name());
    }
    try {
      Set<String> after = block(m.body(), scope, da, p, index, List.of());
      return after == null; // the body must not complete normally
    } catch (Invalid e) {
      return false;
    }
  }

  /** Marks a switch among the enclosing loops: it takes an unlabelled break, never a continue. */
  private static final String SWITCH = "#switch";

  /** The definitely assigned set after the block, or null if it does not complete normally. */
  private static Set<String> block(
      List<Stmt> body, Map<String, JType> outer, Set<String> daIn, Program p, int index, List<String> loops) {
    Map<String, JType> scope = new HashMap<>(outer);
    Set<String> da = new HashSet<>(daIn);
    for (int k = 0; k < body.size(); k++) {
      if (da == null) {
        throw new Invalid(); // unreachable
      }
      Stmt s = body.get(k);
      if (s instanceof Decl d) {
        if (scope.containsKey(d.name())) {
          throw new Invalid();
        }
        if (d.init() != null) {
          expr(d.init(), scope, da, p, index);
          da.add(d.name());
        }
        scope.put(d.name(), d.type());
      } else if (s instanceof Ast.Store st) {
        if (!scope.containsKey(st.name()) || !da.contains(st.name())) {
          throw new Invalid();
        }
        expr(st.index(), scope, da, p, index);
        expr(st.value(), scope, da, p, index);
      } else if (s instanceof Ast.Store2 st) {
        if (!scope.containsKey(st.name()) || !da.contains(st.name())) {
          throw new Invalid();
        }
        expr(st.row(), scope, da, p, index);
        expr(st.col(), scope, da, p, index);
        expr(st.value(), scope, da, p, index);
      } else if (s instanceof Ast.ForEach f) {
        if (!scope.containsKey(f.array()) || !da.contains(f.array()) || scope.containsKey(f.var())) {
          throw new Invalid();
        }
        if (f.label() != null && loops.contains(f.label())) {
          throw new Invalid();
        }
        Map<String, JType> inner = new HashMap<>(scope);
        Set<String> innerDa = new HashSet<>(da);
        inner.put(f.var(), f.varType());
        innerDa.add(f.var());
        List<String> nested = new java.util.ArrayList<>(loops);
        nested.add(f.label() == null ? "" : f.label());
        block(f.body(), inner, innerDa, p, index, nested);
      } else if (s instanceof ExprStmt e) {
        expr(e.e(), scope, da, p, index);
        if (e.e() instanceof Assign a) {
          da.add(a.name());
        }
      } else if (s instanceof Return r) {
        expr(r.e(), scope, da, p, index);
        da = null;
      } else if (s instanceof Block b) {
        da = block(b.body(), scope, da, p, index, loops);
      } else if (s instanceof If i) {
        expr(i.cond(), scope, da, p, index);
        Set<String> t = block(i.then(), scope, da, p, index, loops);
        Set<String> e = i.otherwise() == null ? da : block(i.otherwise(), scope, da, p, index, loops);
        if (t == null && e == null) {
          da = null;
        } else if (t == null) {
          da = new HashSet<>(e);
        } else if (e == null) {
          da = new HashSet<>(t);
        } else {
          Set<String> j = new HashSet<>(t);
          j.retainAll(e);
          da = j;
        }
      } else if (s instanceof Ast.Loop l) {
        if (l.label() != null && loops.contains(l.label())) {
          throw new Invalid();
        }
        Map<String, JType> inner = new HashMap<>(scope);
        Set<String> innerDa = new HashSet<>(da);
        if (l.init() != null) {
          if (inner.containsKey(l.init().name())) {
            throw new Invalid();
          }
          expr(l.init().init(), inner, innerDa, p, index);
          inner.put(l.init().name(), l.init().type());
          innerDa.add(l.init().name());
        }
        expr(l.cond(), inner, innerDa, p, index);
        if (l.update() != null) {
          expr(l.update(), inner, innerDa, p, index);
        }
        List<String> nested = new java.util.ArrayList<>(loops);
        nested.add(l.label() == null ? "" : l.label());
        block(l.body(), inner, innerDa, p, index, nested);
        if (!Ast.completesNormally(l)) {
          da = null;
        }
      } else if (s instanceof Ast.Switch sw) {
        if (sw.selector().type() != JType.INT || sw.cases().isEmpty()) {
          throw new Invalid();
        }
        expr(sw.selector(), scope, da, p, index);
        Set<Integer> labels = new HashSet<>();
        int defaults = 0;
        List<String> nested = new java.util.ArrayList<>(loops);
        nested.add(SWITCH);
        for (Ast.SwitchCase c : sw.cases()) {
          defaults += c.isDefault() ? 1 : 0;
          for (int l : c.labels()) {
            if (!labels.add(l)) {
              throw new Invalid();
            }
          }
          if (sw.arrow() && c.body().isEmpty()) {
            throw new Invalid();
          }
          block(c.body(), scope, da, p, index, nested); // a local assigned in it is not definitely assigned after
        }
        if (defaults > 1) {
          throw new Invalid();
        }
        if (!Ast.completesNormally(sw)) {
          da = null;
        }
      } else if (s instanceof Ast.Break || s instanceof Ast.Continue) {
        String label = s instanceof Ast.Break b ? b.label() : ((Ast.Continue) s).label();
        boolean inLoop = loops.stream().anyMatch(l -> !l.equals(SWITCH));
        boolean ok = label != null ? loops.contains(label) : s instanceof Ast.Break ? !loops.isEmpty() : inLoop;
        if (!ok) {
          throw new Invalid();
        }
        da = null;
      } else {
        throw new Invalid();
      }
    }
    if (da == null) {
      return null;
    }
    // Names declared in this block go out of scope; keep only the outer ones.
    Set<String> out = new HashSet<>();
    for (String n : da) {
      if (outer.containsKey(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static void expr(Expr e, Map<String, JType> scope, Set<String> da, Program p, int index) {
    if (e instanceof Ref r) {
      if (!scope.containsKey(r.name()) || !da.contains(r.name())) {
        throw new Invalid();
      }
    } else if (e instanceof Assign a) {
      if (!scope.containsKey(a.name()) || (a.op() != null && !da.contains(a.name()))) {
        throw new Invalid();
      }
    } else if (e instanceof IncDec i) {
      if (!scope.containsKey(i.name()) || !da.contains(i.name())) {
        throw new Invalid();
      }
    } else if (e instanceof Call c) {
      if (c.method() >= index) {
        throw new Invalid();
      }
    } else if (e instanceof Ast.SwitchExpr sw) {
      Set<Integer> seen = new HashSet<>();
      for (List<Integer> ls : sw.labels()) {
        for (int l : ls) {
          if (!seen.add(l)) {
            throw new Invalid();
          }
        }
      }
      if (sw.selector().type() != JType.INT || sw.arms().size() != sw.labels().size() + 1) {
        throw new Invalid();
      }
    } else if (e instanceof Ast.Load || e instanceof Ast.Length || e instanceof Ast.CloneArray
        || e instanceof Ast.Load2 || e instanceof Ast.Row || e instanceof Ast.RowLength) {
      String name = e instanceof Ast.Load l ? l.name() : e instanceof Ast.Length l ? l.name()
          : e instanceof Ast.Load2 l2 ? l2.name() : e instanceof Ast.Row w ? w.name()
          : e instanceof Ast.RowLength rl ? rl.name() : ((Ast.CloneArray) e).name();
      if (!scope.containsKey(name) || !da.contains(name)) {
        throw new Invalid();
      }
    }
    for (Expr k : Ast.children(e)) {
      expr(k, scope, da, p, index);
    }
  }
}
