package io.github.chainrule.gradbench;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Chainrule as a GradBench tool: started once per eval run, it speaks the protocol on stdin and
 * stdout until stdin ends. Anything else the program prints goes to stderr, so stdout carries
 * protocol lines only.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    Writer out = new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8"));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    new GradBenchTool(WarmUp.fromSystemProperties()).run(in, out);
  }
}
