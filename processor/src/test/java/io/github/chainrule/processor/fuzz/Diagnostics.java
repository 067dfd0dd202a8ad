package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Ast.Program;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Attributes compiler diagnostics to the generated methods they are about. */
final class Diagnostics {
  private Diagnostics() {}

  /** Where a diagnostic comes from. */
  enum Origin {
    /** A Chainrule message ([CRnnn]) about a method of ours. */
    PROCESSOR,
    /** javac about the generated {@code _Grad} source. */
    GENERATED,
    /** javac about our own source: the generator wrote invalid Java. */
    SOURCE,
    /** Neither (no source, or an unknown file). */
    OTHER
  }

  /**
   * One diagnostic.
   *
   * @param method the method index it is about, or -1
   * @param code the Chainrule code (CR201), or null
   */
  record Diag(Diagnostic.Kind kind, Origin origin, int method, String code, String text) {
    @Override
    public String toString() {
      return kind + " (" + origin.name().toLowerCase(Locale.ROOT) + (method >= 0 ? ", method #" + method : "") + "): " + text;
    }
  }

  private static final Pattern CODE = Pattern.compile("\\[(CR\\d+)\\]");
  private static final Pattern GENERATED_METHOD = Pattern.compile("^\\s*public (?:static )?\\S+ (\\w+)\\(");
  private static final Pattern RECORD = Pattern.compile("^\\s*public record (\\w+)Gradient\\(");

  static List<Diag> of(Compiled c, JavaPrinter.Printed printed, Program p, boolean warnings) {
    List<Diag> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.compilation().diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR && !(warnings && (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING))) {
        continue;
      }
      String text = d.getMessage(Locale.ROOT);
      Matcher code = CODE.matcher(text);
      String cr = code.find() ? code.group(1) : null;
      String qualified = d.getSource() == null ? null : qualified(d.getSource());
      String where = qualified == null ? "" : qualified + ":" + d.getLineNumber() + ": ";
      if (qualified == null) {
        out.add(new Diag(d.getKind(), cr != null ? Origin.PROCESSOR : Origin.OTHER, -1, cr, text));
      } else if (qualified.endsWith("_Grad")) {
        String source = content(d.getSource());
        int m = generatedMethod(p, qualified.substring(0, qualified.length() - "_Grad".length()), source, d.getLineNumber());
        String line = sourceLine(source, d.getLineNumber());
        out.add(new Diag(d.getKind(), Origin.GENERATED, m, cr, where + text + (line == null ? "" : "\n      " + line.trim())));
      } else {
        int m = printed.methodAt(qualified, d.getLineNumber());
        out.add(new Diag(d.getKind(), cr != null ? Origin.PROCESSOR : Origin.SOURCE, m, cr, where + text));
      }
    }
    return out;
  }

  /** javac's errors about our sources compiled without the processor: the generator's mistakes. */
  static List<Diag> javacAlone(JavaPrinter.Printed printed, Program p) {
    List<JavaFileObject> files = new ArrayList<>();
    printed.sources().forEach((name, src) -> files.add(JavaFileObjects.forSourceString(name, src)));
    Compilation c = Compiler.javac().withOptions("-proc:none").compile(files);
    List<Diag> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      String qualified = d.getSource() == null ? null : qualified(d.getSource());
      int m = qualified == null ? -1 : printed.methodAt(qualified, d.getLineNumber());
      out.add(new Diag(d.getKind(), Origin.SOURCE, m, null, (qualified == null ? "" : qualified + ":" + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT)));
    }
    return out;
  }

  private static String content(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code fuzz.Fuzz3} from the file's path. */
  static String qualified(JavaFileObject f) {
    String path = f.toUri().getPath();
    if (path == null) {
      path = f.getName();
    }
    if (!path.endsWith(".java")) {
      return null;
    }
    path = path.substring(0, path.length() - ".java".length());
    String[] parts = path.split("/");
    if (parts.length < 2) {
      return null;
    }
    return parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  private static String sourceLine(String source, long line) {
    if (source == null || line < 1) {
      return null;
    }
    String[] lines = source.split("\n", -1);
    return line <= lines.length ? lines[(int) line - 1] : null;
  }

  /** The method of ours whose generated code contains {@code line}, or -1. */
  private static int generatedMethod(Program p, String ownerQualified, String source, long line) {
    if (source == null) {
      return -1;
    }
    String[] lines = source.split("\n", -1);
    for (int i = (int) Math.min(line, lines.length) - 1; i >= 0; i--) {
      Matcher r = RECORD.matcher(lines[i]);
      if (r.find()) {
        String n = r.group(1);
        return byApi(p, ownerQualified, Character.toLowerCase(n.charAt(0)) + n.substring(1));
      }
      Matcher m = GENERATED_METHOD.matcher(lines[i]);
      if (m.find()) {
        String name = m.group(1);
        int found = byApi(p, ownerQualified, name);
        if (found < 0 && name.endsWith("Tangent")) {
          found = byApi(p, ownerQualified, name.substring(0, name.length() - "Tangent".length()));
        }
        if (found < 0 && name.endsWith("Pullback")) {
          found = byApi(p, ownerQualified, name.substring(0, name.length() - "Pullback".length()));
        }
        if (found >= 0) {
          return found;
        }
      }
    }
    return -1;
  }

  private static int byApi(Program p, String ownerQualified, String api) {
    for (int i = 0; i < p.methods().size(); i++) {
      if (p.qualified(p.methods().get(i).owner()).equals(ownerQualified) && p.apiName(i).equals(api)) {
        return i;
      }
    }
    return -1;
  }
}
