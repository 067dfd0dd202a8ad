package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Assign;
import io.github.chainrule.processor.fuzz.Ast.BOp;
import io.github.chainrule.processor.fuzz.Ast.Bin;
import io.github.chainrule.processor.fuzz.Ast.Block;
import io.github.chainrule.processor.fuzz.Ast.Break;
import io.github.chainrule.processor.fuzz.Ast.Continue;
import io.github.chainrule.processor.fuzz.Ast.Loop;
import io.github.chainrule.processor.fuzz.Ast.Call;
import io.github.chainrule.processor.fuzz.Ast.Cast;
import io.github.chainrule.processor.fuzz.Ast.Cond;
import io.github.chainrule.processor.fuzz.Ast.Constant;
import io.github.chainrule.processor.fuzz.Ast.Decl;
import io.github.chainrule.processor.fuzz.Ast.Expr;
import io.github.chainrule.processor.fuzz.Ast.ExprStmt;
import io.github.chainrule.processor.fuzz.Ast.Field;
import io.github.chainrule.processor.fuzz.Ast.If;
import io.github.chainrule.processor.fuzz.Ast.IncDec;
import io.github.chainrule.processor.fuzz.Ast.JType;
import io.github.chainrule.processor.fuzz.Ast.Lit;
import io.github.chainrule.processor.fuzz.Ast.MathCall;
import io.github.chainrule.processor.fuzz.Ast.Method;
import io.github.chainrule.processor.fuzz.Ast.Param;
import io.github.chainrule.processor.fuzz.Ast.Program;
import io.github.chainrule.processor.fuzz.Ast.Ref;
import io.github.chainrule.processor.fuzz.Ast.Return;
import io.github.chainrule.processor.fuzz.Ast.Stmt;
import io.github.chainrule.processor.fuzz.Ast.Unary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Prints a {@link Program} as Java source, with the line range of every method. */
final class JavaPrinter {

  /** The printed sources (class name to source) and where each method is. */
  record Printed(Map<String, String> sources, Map<Integer, Lines> lines) {
    /** The method whose text contains the line {@code line} of {@code file}, or -1. */
    int methodAt(String qualifiedClass, long line) {
      for (Map.Entry<Integer, Lines> e : lines.entrySet()) {
        Lines l = e.getValue();
        if (l.qualifiedClass().equals(qualifiedClass) && line >= l.first() && line <= l.last()) {
          return e.getKey();
        }
      }
      return -1;
    }
  }

  record Lines(String qualifiedClass, int first, int last) {}

  private final Program p;
  private final StringBuilder out = new StringBuilder();
  private int line = 1;

  private JavaPrinter(Program p) {
    this.p = p;
  }

  /** Prints every class of {@code p} with the methods {@code only} (all when null). */
  static Printed print(Program p, Collection<Integer> only) {
    return print(p, only, false);
  }

  /**
   * Prints the classes of {@code p} with the methods {@code only} (all when null); {@code minimal}
   * leaves out constants nobody reads and classes with nothing left.
   */
  static Printed print(Program p, Collection<Integer> only, boolean minimal) {
    Map<String, String> sources = new LinkedHashMap<>();
    Map<Integer, Lines> lines = new LinkedHashMap<>();
    Set<String> read = new HashSet<>();
    Set<Integer> needed = new HashSet<>();
    for (int i = 0; i < p.methods().size(); i++) {
      if (only == null || only.contains(i)) {
        needed.add(p.methods().get(i).owner());
        Ast.Walk.stmts(p.methods().get(i).body(), e -> {
          if (e instanceof Field f && f.owner() >= 0) {
            read.add(f.owner() + "." + f.name());
            needed.add(f.owner());
          }
        });
      }
    }
    for (int c = 0; c < p.classNames().size(); c++) {
      if (minimal && !needed.contains(c)) {
        continue;
      }
      JavaPrinter w = new JavaPrinter(p);
      w.printClass(c, only, lines, minimal ? read : null);
      sources.put(p.qualified(c), w.out.toString());
    }
    return new Printed(sources, lines);
  }

  static Printed print(Program p) {
    return print(p, null);
  }

  /** All classes, concatenated (for failure messages), without unread constants. */
  static String text(Program p, Collection<Integer> only) {
    return text(p, only, true);
  }

  static String text(Program p, Collection<Integer> only, boolean minimal) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : print(p, only, minimal).sources().entrySet()) {
      if (b.length() > 0) {
        b.append("\n");
      }
      b.append("// ---- ").append(e.getKey()).append(".java\n").append(e.getValue());
    }
    return b.toString();
  }

  private void ln(String s) {
    out.append(s).append('\n');
    line++;
  }

  private void printClass(int c, Collection<Integer> only, Map<Integer, Lines> lines, Set<String> read) {
    ln("package " + p.pkg() + ";");
    ln("");
    ln("import io.github.chainrule.Differentiable;");
    if (p.staticImports().get(c)) {
      ln("import static java.lang.Math.*;");
    }
    ln("");
    ln("public final class " + p.classNames().get(c) + " {");
    for (Constant k : p.constants().get(c)) {
      if (read != null && !read.contains(c + "." + k.name())) {
        continue;
      }
      ln("  " + (k.priv() ? "private " : "") + "static final " + k.type().java + " " + k.name() + " = " + k.init() + ";");
    }
    ln("");
    ln("  private " + p.classNames().get(c) + "() {}");
    for (int i = 0; i < p.methods().size(); i++) {
      Method m = p.methods().get(i);
      if (m.owner() != c || (only != null && !only.contains(i))) {
        continue;
      }
      ln("");
      int first = line;
      method(m);
      lines.put(i, new Lines(p.qualified(c), first, line - 1));
    }
    ln("}");
  }

  private void method(Method m) {
    if (m.plain()) {
      // A helper without @Differentiable.
    } else if (m.wrt() == null) {
      ln("  @Differentiable");
    } else if (m.wrt().size() == 1) {
      ln("  @Differentiable(wrt = \"" + m.wrt().get(0) + "\")");
    } else {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (String w : m.wrt()) {
        j.add("\"" + w + "\"");
      }
      ln("  @Differentiable(wrt = " + j + ")");
    }
    StringJoiner params = new StringJoiner(", ");
    for (Param q : m.params()) {
      params.add(q.type().java + " " + q.name());
    }
    ln("  static " + m.ret().java + " " + m.name() + "(" + params + ") {");
    block(m.body(), "    ", m.owner());
    ln("  }");
  }

  private void block(List<Stmt> body, String indent, int owner) {
    for (Stmt s : body) {
      stmt(s, indent, owner);
    }
  }

  private void stmt(Stmt s, String ind, int owner) {
    if (s instanceof Decl d) {
      String type = d.declared() == null ? "var" : d.declared().java;
      String init;
      if (d.init() == null) {
        init = "";
      } else if (d.init() instanceof Ast.NewArray n && n.init() != null) {
        init = " = {" + args(n.init(), owner) + "}";
      } else {
        init = " = " + expr(d.init(), 1, owner);
      }
      ln(ind + type + " " + d.name() + init + ";");
    } else if (s instanceof Ast.Store st) {
      ln(ind + st.name() + "[" + expr(st.index(), 1, owner) + "] " + (st.op() == null ? "" : st.op().symbol) + "= " + expr(st.value(), 1, owner) + ";");
    } else if (s instanceof Ast.Store2 st) {
      ln(ind + st.name() + "[" + expr(st.row(), 1, owner) + "][" + expr(st.col(), 1, owner) + "] " + (st.op() == null ? "" : st.op().symbol) + "= " + expr(st.value(), 1, owner) + ";");
    } else if (s instanceof Ast.ForEach f) {
      String label = f.label() == null ? "" : f.label() + ": ";
      ln(ind + label + "for (" + f.varType().java + " " + f.var() + " : " + f.array() + ") {");
      block(f.body(), ind + "  ", owner);
      ln(ind + "}");
    } else if (s instanceof ExprStmt e) {
      ln(ind + expr(e.e(), 1, owner) + ";");
    } else if (s instanceof Return r) {
      ln(ind + "return " + expr(r.e(), 1, owner) + ";");
    } else if (s instanceof Block b) {
      ln(ind + "{");
      block(b.body(), ind + "  ", owner);
      ln(ind + "}");
    } else if (s instanceof If i) {
      ifStmt(i, ind, ind, owner);
    } else if (s instanceof Loop l) {
      String label = l.label() == null ? "" : l.label() + ": ";
      switch (l.kind()) {
        case FOR:
          {
            Decl d = l.init();
            String init = d.type().java + " " + d.name() + " = " + expr(d.init(), 1, owner);
            ln(ind + label + "for (" + init + "; " + expr(l.cond(), 1, owner) + "; " + expr(l.update(), 1, owner) + ") {");
            block(l.body(), ind + "  ", owner);
            ln(ind + "}");
            break;
          }
        case WHILE:
          ln(ind + label + "while (" + expr(l.cond(), 1, owner) + ") {");
          block(l.body(), ind + "  ", owner);
          ln(ind + "}");
          break;
        default:
          ln(ind + label + "do {");
          block(l.body(), ind + "  ", owner);
          ln(ind + "} while (" + expr(l.cond(), 1, owner) + ");");
      }
    } else if (s instanceof Ast.Switch sw) {
      ln(ind + "switch (" + expr(sw.selector(), 1, owner) + ") {");
      for (Ast.SwitchCase c : sw.cases()) {
        StringBuilder head = new StringBuilder(ind + "  ");
        if (c.isDefault()) {
          head.append("default");
        } else {
          head.append("case ");
          for (int i = 0; i < c.labels().size(); i++) {
            head.append(i == 0 ? "" : ", ").append(c.labels().get(i));
          }
        }
        if (sw.arrow()) {
          ln(head + " -> {");
          block(c.body(), ind + "    ", owner);
          ln(ind + "  }");
        } else {
          ln(head + ":");
          block(c.body(), ind + "    ", owner);
        }
      }
      ln(ind + "}");
    } else if (s instanceof Break b) {
      ln(ind + "break" + (b.label() == null ? "" : " " + b.label()) + ";");
    } else if (s instanceof Continue c) {
      ln(ind + "continue" + (c.label() == null ? "" : " " + c.label()) + ";");
    } else {
      throw new IllegalArgumentException(String.valueOf(s));
    }
  }

  private static boolean braceless(List<Stmt> b) {
    return b.size() == 1 && (b.get(0) instanceof Return || b.get(0) instanceof ExprStmt || b.get(0) instanceof Break || b.get(0) instanceof Continue);
  }

  /** {@code prefix}: the text before {@code if} on its line (indent, or "} else "). */
  private void ifStmt(If i, String prefix, String ind, int owner) {
    String head = prefix + "if (" + expr(i.cond(), 1, owner) + ")";
    if (i.otherwise() == null && braceless(i.then())) {
      ln(head);
      stmt(i.then().get(0), ind + "  ", owner);
      return;
    }
    ln(head + " {");
    block(i.then(), ind + "  ", owner);
    if (i.otherwise() == null) {
      ln(ind + "}");
    } else if (i.otherwise().size() == 1 && i.otherwise().get(0) instanceof If inner) {
      ifStmt(inner, ind + "} else ", ind, owner);
    } else {
      ln(ind + "} else {");
      block(i.otherwise(), ind + "  ", owner);
      ln(ind + "}");
    }
  }

  // ---- Expressions ----------------------------------------------------------------------------

  private static final int ASSIGN = 1;
  private static final int TERNARY = 2;
  private static final int UNARY = 12;
  private static final int POSTFIX = 13;
  private static final int PRIMARY = 14;

  static int prec(Expr e) {
    if (e instanceof Assign) {
      return ASSIGN;
    }
    if (e instanceof Cond) {
      return TERNARY;
    }
    if (e instanceof Ast.SwitchExpr) {
      return PRIMARY; // printed in parentheses
    }
    if (e instanceof Bin b) {
      return b.op().prec;
    }
    if (e instanceof Unary || e instanceof Cast) {
      return UNARY;
    }
    if (e instanceof IncDec i) {
      return i.prefix() ? UNARY : POSTFIX;
    }
    if (e instanceof Lit l) {
      boolean negative =
          l.type().floating() ? (l.d() < 0 || (l.d() == 0 && 1 / l.d() < 0)) : l.type().numeric() && l.l() < 0;
      return negative ? UNARY : PRIMARY;
    }
    return PRIMARY;
  }

  /** The source of {@code e}, parenthesised unless its precedence is at least {@code min}. */
  String expr(Expr e, int min, int owner) {
    String s = raw(e, owner);
    return prec(e) < min ? "(" + s + ")" : s;
  }

  private String raw(Expr e, int owner) {
    if (e instanceof Lit l) {
      return literal(l);
    }
    if (e instanceof Ref r) {
      return r.name();
    }
    if (e instanceof Field f) {
      if (f.owner() == Field.MATH) {
        return (f.qualified() || !p.staticImports().get(owner) ? "Math." : "") + f.name();
      }
      return (f.qualified() || f.owner() != owner ? p.classNames().get(f.owner()) + "." : "") + f.name();
    }
    if (e instanceof Unary u) {
      String operand = expr(u.e(), UNARY, owner);
      if (operand.startsWith("-") || operand.startsWith("+")) {
        operand = "(" + operand + ")";
      }
      return u.op().symbol + operand;
    }
    if (e instanceof Bin b) {
      int left = b.op().prec;
      int right = b.op().prec + 1;
      if ((b.op() == BOp.EQ || b.op() == BOp.NE) && b.l().type() == JType.BOOLEAN) {
        left = 9;
        right = 9;
      }
      if (b.op().logic() && b.op() != BOp.AND && b.op() != BOp.OR) {
        left = 9; // a & b, a ^ b, a | b: keep the boolean operands readable
        right = 9;
      }
      return expr(b.l(), left, owner) + " " + b.op().symbol + " " + expr(b.r(), right, owner);
    }
    if (e instanceof Ast.SwitchExpr sw) {
      StringBuilder b = new StringBuilder("(switch (" + expr(sw.selector(), 1, owner) + ") {");
      for (int i = 0; i < sw.arms().size(); i++) {
        if (i < sw.labels().size()) {
          b.append(" case ");
          for (int j = 0; j < sw.labels().get(i).size(); j++) {
            b.append(j == 0 ? "" : ", ").append(sw.labels().get(i).get(j));
          }
        } else {
          b.append(" default");
        }
        b.append(" -> ").append(expr(sw.arms().get(i), 1, owner)).append(";");
      }
      return b.append(" })").toString();
    }
    if (e instanceof Cond c) {
      return expr(c.c(), 3, owner) + " ? " + expr(c.a(), 3, owner) + " : " + expr(c.b(), 3, owner);
    }
    if (e instanceof MathCall m) {
      String q = m.strict() ? "StrictMath." : m.bare() && p.staticImports().get(owner) ? "" : "Math.";
      return q + m.fn() + "(" + args(m.args(), owner) + ")";
    }
    if (e instanceof Cast c) {
      return "(" + c.type().java + ") " + expr(c.e(), UNARY, owner);
    }
    if (e instanceof Call c) {
      Method callee = p.methods().get(c.method());
      String q = c.qualified() || callee.owner() != owner ? p.classNames().get(callee.owner()) + "." : "";
      return q + callee.name() + "(" + args(c.args(), owner) + ")";
    }
    if (e instanceof Assign a) {
      return a.name() + " " + (a.op() == null ? "" : a.op().symbol) + "= " + expr(a.e(), ASSIGN, owner);
    }
    if (e instanceof IncDec i) {
      String op = i.inc() ? "++" : "--";
      return i.prefix() ? op + i.name() : i.name() + op;
    }
    if (e instanceof Ast.NewArray n) {
      return n.init() == null ? "new double[" + n.length() + "]" : "new double[] {" + args(n.init(), owner) + "}";
    }
    if (e instanceof Ast.Load l) {
      return l.name() + "[" + expr(l.index(), 1, owner) + "]";
    }
    if (e instanceof Ast.Length l) {
      return l.name() + ".length";
    }
    if (e instanceof Ast.CloneArray c) {
      return c.name() + ".clone()";
    }
    if (e instanceof Ast.Load2 l) {
      return l.name() + "[" + expr(l.row(), 1, owner) + "][" + expr(l.col(), 1, owner) + "]";
    }
    if (e instanceof Ast.Row w) {
      return w.name() + "[" + expr(w.index(), 1, owner) + "]";
    }
    if (e instanceof Ast.RowLength l) {
      return l.name() + "[0].length";
    }
    if (e instanceof Ast.NewMatrix n) {
      return "new double[" + n.rows() + "][" + n.cols() + "]";
    }
    throw new IllegalArgumentException(String.valueOf(e));
  }

  private String args(List<Expr> args, int owner) {
    List<String> s = new ArrayList<>();
    for (Expr a : args) {
      s.add(expr(a, ASSIGN, owner));
    }
    return String.join(", ", s);
  }

  static String literal(Lit l) {
    switch (l.type()) {
      case DOUBLE:
        return Double.toString(l.d());
      case FLOAT:
        return Float.toString((float) l.d()) + "f";
      case INT:
        return Long.toString(l.l());
      case LONG:
        return l.l() + "L";
      default:
        return Boolean.toString(l.b());
    }
  }
}
