package io.github.chainrule.gradbench;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8"));
    serve(System.in, protocol, WarmUp.fromSystemProperties());
  }

  /** Answers the messages of {@code in} on {@code out} (UTF-8 lines) until {@code in} ends. */
  public static void serve(InputStream in, OutputStream out, WarmUp warmUp) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    new GradBenchTool(warmUp).run(reader, writer);
  }
}
