package io.github.chainrule.processor.bad;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad input: every {@code *.java} file under {@code bad/} on the test classpath
 * ({@code src/test/resources/bad/}) is a source the processor must reject with exactly the errors
 * its comments name (see {@link BadCase} for the format), at the right line and column, without
 * an exception and without generating any {@code *_Grad} class. Adding a case is adding one file.
 */
class BadInputCatalogueTest {
  /** The catalogue must cover the brief; fewer files means cases got lost. */
  private static final int MINIMUM_CASES = 130;

  private static final Pattern CODE = Pattern.compile("^\\[(CR\\d{3})\\] ");

  /** One file of the catalogue; parsed in the test, so that a malformed case fails alone. */
  record CaseFile(String name, String source) {
    BadCase parse() {
      return BadCase.parse(name, source);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<CaseFile> cases() {
    return files().entrySet().stream().map(e -> new CaseFile(e.getKey(), e.getValue()));
  }

  /** The catalogue's files, by name, sorted. */
  static Map<String, String> files() {
    URL url = BadInputCatalogueTest.class.getClassLoader().getResource("bad");
    if (url == null) {
      throw new IllegalStateException("no folder 'bad' on the test classpath (src/test/resources/bad)");
    }
    try {
      URI uri = url.toURI();
      Path dir;
      FileSystem jar = null;
      if ("jar".equals(uri.getScheme())) {
        try {
          jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          jar = FileSystems.newFileSystem(uri, Map.of());
        }
        dir = jar.provider().getPath(uri);
      } else {
        dir = Path.of(uri);
      }
      try (Stream<Path> listing = Files.list(dir)) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Path p : listing.filter(p -> p.getFileName().toString().endsWith(".java")).toList()) {
          out.put(p.getFileName().toString(), Files.readString(p, UTF_8));
        }
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void catalogueIsComplete() {
    Map<String, String> files = files();
    assertTrue(
        files.size() >= MINIMUM_CASES,
        "the catalogue has " + files.size() + " cases, fewer than " + MINIMUM_CASES + ": " + files.keySet());
    // Every case parses (a malformed one fails here with its reason, as well as in its own test).
    files.forEach(BadCase::parse);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void processorRejectsWithExactlyTheExpectedErrors(CaseFile file) {
    BadCase c = file.parse();
    RecordingJavac javac = new RecordingJavac();
    Compilation compilation = javac.compiler().withProcessors(new ChainruleProcessor()).compile(source(c));
    List<String> generated = javac.generatedSourceNames();
    List<String> problems = new ArrayList<>();

    if (compilation.status() != Compilation.Status.FAILURE) {
      problems.add("the compilation succeeded; it must fail");
    }

    // Every diagnostic: no exception, no stack trace, no internal error.
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String m = d.getMessage(Locale.ROOT);
      if (m.contains("\tat ") || m.contains("Exception") || m.contains("uncaught exception") || m.contains("[CR900]")) {
        problems.add("a diagnostic reports an exception or an internal error: " + describe(d));
      }
    }

    // Exactly the expected errors: same code, line and column; the text starts the message.
    List<Diagnostic<? extends JavaFileObject>> unmatched = new ArrayList<>(compilation.errors());
    List<BadCase.Expected> missing = new ArrayList<>();
    for (BadCase.Expected e : c.expected) {
      Diagnostic<? extends JavaFileObject> hit = null;
      for (Diagnostic<? extends JavaFileObject> d : unmatched) {
        if (matches(e, d)) {
          hit = d;
          break;
        }
      }
      if (hit == null) {
        missing.add(e);
      } else {
        unmatched.remove(hit);
      }
    }
    for (BadCase.Expected e : missing) {
      problems.add("expected error not reported: " + e + nearMiss(e, compilation));
    }
    for (Diagnostic<? extends JavaFileObject> d : unmatched) {
      problems.add("unexpected error: " + describe(d));
    }

    // No generated gradient class. (compile-testing hides generated files of a failed
    // compilation; RecordingJavac saw them being written.)
    for (String name : generated) {
      if (name.endsWith("_Grad.java")) {
        problems.add("a gradient class was generated although the class has errors: " + name);
      }
    }

    if (!problems.isEmpty()) {
      fail(report(c, compilation, generated, problems));
    }
  }

  /**
   * A case must be bad for the processor, not for Java: without the processor, javac accepts it
   * (so each error really is the processor's). A case marked {@code javac-invalid} is rejected by
   * javac too, so the mark stays honest.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caseIsValidJavaUnlessMarked(CaseFile file) {
    BadCase c = file.parse();
    Compilation plain = Compiler.javac().withProcessors().withOptions("-proc:none").compile(source(c));
    if (c.invalidBecause == null) {
      assertTrue(
          plain.status() == Compilation.Status.SUCCESS,
          () -> c.fileName + " is not valid Java without the processor (mark it '// javac-invalid: why' if that is"
              + " the point):\n" + all(plain));
    } else {
      assertTrue(
          plain.status() == Compilation.Status.FAILURE,
          () -> c.fileName + " is marked javac-invalid (" + c.invalidBecause + ") but javac accepts it");
    }
  }

  private static JavaFileObject source(BadCase c) {
    return JavaFileObjects.forSourceString(c.className, c.source);
  }

  private static boolean matches(BadCase.Expected e, Diagnostic<? extends JavaFileObject> d) {
    String m = d.getMessage(Locale.ROOT);
    if (e.code().equals(BadCase.JAVAC)) {
      return code(d) == null && m.contains(e.text()) && d.getLineNumber() == e.line() && d.getColumnNumber() == e.column();
    }
    return m.startsWith("[" + e.code() + "] " + e.text())
        && d.getLineNumber() == e.line()
        && d.getColumnNumber() == e.column();
  }

  /** For a missing error: the reported ones with the same code, to show what differs. */
  private static String nearMiss(BadCase.Expected e, Compilation compilation) {
    List<String> same =
        compilation.errors().stream()
            .filter(d -> e.code().equals(code(d)))
            .map(BadInputCatalogueTest::describe)
            .toList();
    return same.isEmpty() ? "" : "\n      (reported with this code: " + String.join("; ", same) + ")";
  }

  private static String code(Diagnostic<? extends JavaFileObject> d) {
    Matcher m = CODE.matcher(d.getMessage(Locale.ROOT));
    return m.find() ? m.group(1) : null;
  }

  private static String describe(Diagnostic<? extends JavaFileObject> d) {
    String m = d.getMessage(Locale.ROOT);
    int nl = m.indexOf('\n');
    // The processor's own messages are one line (a stack trace is cut); javac's may need the rest.
    String first = nl < 0 ? m : code(d) != null ? m.substring(0, nl) + " [...]" : m.replace("\n", " | ");
    return d.getKind() + " " + d.getLineNumber() + ":" + d.getColumnNumber() + " " + first;
  }

  private static String report(BadCase c, Compilation compilation, List<String> generated, List<String> problems) {
    StringBuilder b = new StringBuilder();
    b.append("\n=== bad-input case ").append(c.fileName).append(" (").append(c.className).append(") ===\n");
    b.append("problems:\n");
    for (String p : problems) {
      b.append("  - ").append(p).append('\n');
    }
    b.append("expected:\n");
    for (BadCase.Expected e : c.expected) {
      b.append("  ").append(e).append('\n');
      b.append(pointAt(c.source, e.line(), e.column()));
    }
    b.append("reported (").append(compilation.status()).append("):\n");
    if (compilation.diagnostics().isEmpty()) {
      b.append("  (nothing)\n");
    }
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      b.append("  ").append(describe(d)).append('\n');
      if (d.getLineNumber() > 0 && d.getColumnNumber() > 0) {
        b.append(pointAt(c.source, (int) d.getLineNumber(), (int) d.getColumnNumber()));
      }
    }
    if (!generated.isEmpty()) {
      b.append("generated sources: ").append(generated).append('\n');
    }
    return b.toString();
  }

  /** The source line with a caret under the column, indented. */
  private static String pointAt(String source, int line, int column) {
    String[] lines = source.split("\n", -1);
    if (line < 1 || line > lines.length) {
      return "";
    }
    return "      | " + lines[line - 1] + "\n      | " + " ".repeat(Math.max(0, column - 1)) + "^\n";
  }

  private static String all(Compilation c) {
    return c.diagnostics().stream()
        .map(d -> d.getKind() + " " + d.getLineNumber() + ":" + d.getColumnNumber() + " " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }
}
