package io.github.chainrule.processor.bad;

import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The system javac, for compile-testing, that remembers every source file the compilation
 * generates. compile-testing 0.23 refuses to show generated files of a failed compilation
 * ({@code Compilation.generatedFiles()} throws "compilation failed, so generated files are
 * unavailable"), but a failed build must still be checked for a half-written {@code *_Grad}.
 *
 * <pre>{@code
 * RecordingJavac javac = new RecordingJavac();
 * Compilation c = javac.compiler().withProcessors(new ChainruleProcessor()).compile(files);
 * javac.generatedSources(); // also when c failed
 * }</pre>
 *
 * One instance per compilation.
 */
final class RecordingJavac implements JavaCompiler {
  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final List<JavaFileObject> generated = new ArrayList<>();

  /** compile-testing's compiler on this javac. */
  Compiler compiler() {
    return Compiler.compiler(this);
  }

  /** The source files opened for writing during the compilation, in order. */
  List<JavaFileObject> generatedSources() {
    return List.copyOf(generated);
  }

  /** Their names, such as {@code /SOURCE_OUTPUT/bad/C_Grad.java}. */
  List<String> generatedSourceNames() {
    return generated.stream().map(JavaFileObject::getName).toList();
  }

  /** The content of a generated source. */
  static String content(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CompilationTask getTask(
      Writer out,
      JavaFileManager fileManager,
      DiagnosticListener<? super JavaFileObject> diagnosticListener,
      Iterable<String> options,
      Iterable<String> classes,
      Iterable<? extends JavaFileObject> compilationUnits) {
    JavaFileManager recording =
        new ForwardingJavaFileManager<>(fileManager) {
          @Override
          public JavaFileObject getJavaFileForOutput(
              Location location, String className, JavaFileObject.Kind kind, FileObject sibling)
              throws IOException {
            JavaFileObject f = super.getJavaFileForOutput(location, className, kind, sibling);
            if (kind == JavaFileObject.Kind.SOURCE) {
              generated.add(f);
            }
            return f;
          }
        };
    return javac.getTask(out, recording, diagnosticListener, options, classes, compilationUnits);
  }

  @Override
  public StandardJavaFileManager getStandardFileManager(
      DiagnosticListener<? super JavaFileObject> diagnosticListener, Locale locale, Charset charset) {
    return javac.getStandardFileManager(diagnosticListener, locale, charset);
  }

  @Override
  public int isSupportedOption(String option) {
    return javac.isSupportedOption(option);
  }

  @Override
  public int run(java.io.InputStream in, java.io.OutputStream out, java.io.OutputStream err, String... arguments) {
    return javac.run(in, out, err, arguments);
  }

  @Override
  public Set<SourceVersion> getSourceVersions() {
    return javac.getSourceVersions();
  }
}
