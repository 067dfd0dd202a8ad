package io.github.chainrule.processor.bad;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case of the bad-input catalogue: a Java source file under {@code src/test/resources/bad/}
 * and the errors the processor must report for it, read from the file's own comments.
 *
 * <pre>{@code
 * // expect: CR320 this writes into the array 'w', which is (or may be) a parameter
 * // expect-column-at: [i] = 0
 * package bad;
 * ...
 *       w[i] = 0; // error here
 * }</pre>
 *
 * <ul>
 *   <li>{@code // expect: CODE text}: an error with the code {@code [CODE]} whose message, after
 *       the code, starts with {@code text}. One line per expected error; every error the
 *       compilation reports must be expected, and every expected one reported exactly once.
 *   <li>{@code // expect-javac: text}: an error of javac's own (no {@code [CR...]} code) whose
 *       message contains {@code text}: for source that is not valid Java, where javac speaks and
 *       the processor must stay silent. Placed like an {@code expect} line.
 *   <li>{@code // expect-column-at: text} (after its {@code expect} line): the error's column is
 *       where {@code text} starts on the error's line; the text must occur there exactly once.
 *       {@code // expect-column: N} gives the column (1-based) as a number instead. One of the two
 *       is required: positions are part of the contract.
 *   <li>{@code // expect-line: N} (after its {@code expect} line): the error's line, 1-based.
 *       Without it, the line is the one ending in {@code // error here}: with one such marker,
 *       every expectation without its own line is on it; with several, the k-th such expectation
 *       is on the k-th marker.
 *   <li>{@code // javac-invalid: why}: the source is not valid Java by itself (a typo, a {@code
 *       return;} in a double method): the catalogue then checks that plain javac rejects it too,
 *       instead of checking that it accepts it.
 * </ul>
 */
final class BadCase {
  static final String MARKER = "// error here";
  private static final Pattern EXPECT = Pattern.compile("^\\s*// expect: (CR\\d{3}) (.+?)\\s*$");
  private static final Pattern EXPECT_JAVAC = Pattern.compile("^\\s*// expect-javac: (.+?)\\s*$");
  /** The code of an expected error of javac's own (it has none): its message contains the text. */
  static final String JAVAC = "javac";
  private static final Pattern COLUMN_AT = Pattern.compile("^\\s*// expect-column-at: (.+?)\\s*$");
  private static final Pattern COLUMN = Pattern.compile("^\\s*// expect-column: (\\d+)\\s*$");
  private static final Pattern LINE = Pattern.compile("^\\s*// expect-line: (\\d+)\\s*$");
  private static final Pattern INVALID = Pattern.compile("^\\s*// javac-invalid: (.+?)\\s*$");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TOP_TYPE =
      Pattern.compile("(?m)^(?:(?:public|final|abstract|strictfp|sealed|non-sealed)\\s+)*(?:class|interface|enum|record)\\s+(\\w+)");

  /** One expected error. */
  record Expected(String code, String text, int line, int column) {
    @Override
    public String toString() {
      return code.equals(JAVAC)
          ? line + ":" + column + " javac: ..." + text + "..."
          : line + ":" + column + " [" + code + "] " + text + "...";
    }
  }

  final String fileName;
  final String source;
  final String className;
  final List<Expected> expected;
  final String invalidBecause;

  private BadCase(String fileName, String source, String className, List<Expected> expected, String invalidBecause) {
    this.fileName = fileName;
    this.source = source;
    this.className = className;
    this.expected = expected;
    this.invalidBecause = invalidBecause;
  }

  @Override
  public String toString() {
    return fileName;
  }

  /** Parses a case; a malformed case is an {@link IllegalArgumentException} naming the file. */
  static BadCase parse(String fileName, String source) {
    if (source.indexOf('\t') >= 0) {
      throw malformed(fileName, "tabs would make columns ambiguous; indent with spaces");
    }
    String[] lines = source.split("\n", -1);

    final class Draft {
      String code;
      String text;
      Integer line;
      Integer column;
      String columnAt;
      int declaredOn;
    }
    List<Draft> drafts = new ArrayList<>();
    List<Integer> markers = new ArrayList<>();
    String invalid = null;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int lineNo = i + 1;
      Matcher m;
      if ((m = EXPECT.matcher(l)).matches()) {
        Draft d = new Draft();
        d.code = m.group(1);
        d.text = m.group(2);
        d.declaredOn = lineNo;
        drafts.add(d);
      } else if ((m = EXPECT_JAVAC.matcher(l)).matches()) {
        Draft d = new Draft();
        d.code = JAVAC;
        d.text = m.group(1);
        d.declaredOn = lineNo;
        drafts.add(d);
      } else if ((m = COLUMN_AT.matcher(l)).matches()) {
        last(fileName, drafts, lineNo, "expect-column-at").columnAt = m.group(1);
      } else if ((m = COLUMN.matcher(l)).matches()) {
        last(fileName, drafts, lineNo, "expect-column").column = Integer.parseInt(m.group(1));
      } else if ((m = LINE.matcher(l)).matches()) {
        last(fileName, drafts, lineNo, "expect-line").line = Integer.parseInt(m.group(1));
      } else if ((m = INVALID.matcher(l)).matches()) {
        invalid = m.group(1);
      } else if (l.trim().startsWith("// expect")) {
        throw malformed(fileName, "line " + lineNo + ": unknown directive: " + l.trim());
      }
      if (l.stripTrailing().endsWith(MARKER)) {
        markers.add(lineNo);
      }
    }
    if (drafts.isEmpty()) {
      throw malformed(fileName, "no '// expect: CRnnn text' or '// expect-javac: text' line");
    }

    List<Draft> unplaced = drafts.stream().filter(d -> d.line == null).toList();
    if (!unplaced.isEmpty()) {
      if (markers.isEmpty()) {
        throw malformed(fileName, "no line ends with '" + MARKER + "' and not every expectation has an expect-line");
      } else if (markers.size() == 1) {
        unplaced.forEach(d -> d.line = markers.get(0));
      } else if (markers.size() == unplaced.size()) {
        for (int k = 0; k < unplaced.size(); k++) {
          unplaced.get(k).line = markers.get(k);
        }
      } else {
        throw malformed(
            fileName,
            markers.size() + " '" + MARKER + "' markers for " + unplaced.size()
                + " expectations without expect-line: give one marker, or one per expectation in order");
      }
    }

    List<Expected> expected = new ArrayList<>();
    for (Draft d : drafts) {
      if (d.line < 1 || d.line > lines.length) {
        throw malformed(fileName, "expectation of line " + d.declaredOn + ": no line " + d.line);
      }
      if (d.column == null && d.columnAt == null) {
        throw malformed(fileName, "expectation of line " + d.declaredOn + " has no expect-column-at or expect-column");
      }
      if (d.column != null && d.columnAt != null) {
        throw malformed(fileName, "expectation of line " + d.declaredOn + " has both expect-column-at and expect-column");
      }
      int column;
      if (d.columnAt != null) {
        String on = lines[d.line - 1];
        int at = on.indexOf(d.columnAt);
        if (at < 0) {
          throw malformed(fileName, "expect-column-at '" + d.columnAt + "' does not occur on line " + d.line + ": " + on.trim());
        }
        if (on.indexOf(d.columnAt, at + 1) >= 0) {
          throw malformed(fileName, "expect-column-at '" + d.columnAt + "' occurs more than once on line " + d.line + "; make it unique");
        }
        column = at + 1;
      } else {
        column = d.column;
      }
      expected.add(new Expected(d.code, d.text, d.line, column));
    }

    Matcher pkg = PACKAGE.matcher(source);
    Matcher type = TOP_TYPE.matcher(source);
    if (!pkg.find() || !type.find()) {
      throw malformed(fileName, "needs a package declaration and a top-level type declared at the start of a line");
    }
    String className = pkg.group(1) + "." + type.group(1);
    return new BadCase(fileName, source, className, List.copyOf(expected), invalid);
  }

  private static <T> T last(String fileName, List<T> drafts, int lineNo, String directive) {
    if (drafts.isEmpty()) {
      throw malformed(fileName, "line " + lineNo + ": " + directive + " before any '// expect:' line");
    }
    return drafts.get(drafts.size() - 1);
  }

  private static IllegalArgumentException malformed(String fileName, String why) {
    return new IllegalArgumentException("malformed catalogue case " + fileName + ": " + why);
  }
}
