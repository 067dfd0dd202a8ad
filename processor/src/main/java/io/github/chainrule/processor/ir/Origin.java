package io.github.chainrule.processor.ir;

/**
 * Where an IR statement comes from in the user's source.
 *
 * @param line the 1-based line of the original statement
 * @param text the original statement, on one line
 * @param handle an opaque handle the front end uses to report errors at the exact expression;
 *     the IR never looks inside it
 */
public record Origin(int line, String text, Object handle) {

  public static final Origin NONE = new Origin(0, "", null);
}
