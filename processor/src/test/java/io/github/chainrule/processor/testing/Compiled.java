package io.github.chainrule.processor.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles Java sources in memory with the Chainrule processor, and loads and calls the result.
 * The test harness of the processor module: rule tests, fuzzing and golden tests all go through
 * it.
 *
 * <pre>{@code
 * Compiled c = Compiled.compile("demo.F", "package demo; ... class F { @Differentiable static double f(double x) {...} }");
 * double v = c.call("demo.F_Grad", "fTangent", 2.0, 1.0);
 * }</pre>
 */
public final class Compiled {
  private final Compilation compilation;
  private final MemoryLoader loader;

  private Compiled(Compilation compilation) {
    this.compilation = compilation;
    this.loader = new MemoryLoader(compilation);
  }

  /** Compiles one source file whose top-level class is {@code className} (qualified). */
  public static Compiled compile(String className, String source) {
    return compile(Map.of(className, source));
  }

  /** Compiles several source files, keyed by their top-level classes' qualified names. */
  public static Compiled compile(Map<String, String> sources) {
    List<JavaFileObject> files = new ArrayList<>();
    sources.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> files.add(JavaFileObjects.forSourceString(e.getKey(), e.getValue())));
    Compilation c =
        Compiler.javac()
            .withProcessors(new ChainruleProcessor())
            .withOptions("-Xlint:all", "-Xlint:-processing", "-Xlint:-options")
            .compile(files);
    return new Compiled(c);
  }

  public Compilation compilation() {
    return compilation;
  }

  public boolean succeeded() {
    return compilation.status() == Compilation.Status.SUCCESS;
  }

  /** Errors and warnings, one per line, for failure messages. */
  public String diagnostics() {
    return compilation.diagnostics().stream()
        .map(d -> d.getKind() + ": " + (d.getSource() == null ? "" : d.getSource().getName() + " ") + "line " + d.getLineNumber() + ": " + d.getMessage(null))
        .collect(Collectors.joining("\n"));
  }

  public List<Diagnostic<? extends JavaFileObject>> errors() {
    return new ArrayList<>(compilation.errors());
  }

  /**
   * Warnings about the generated code ({@code *_Grad.java}). Warnings about the test's own input
   * sources are not the processor's (JDK 21+ lints lossy compound assignments a test may use on
   * purpose).
   */
  public List<Diagnostic<? extends JavaFileObject>> warnings() {
    List<Diagnostic<? extends JavaFileObject>> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.warnings()) {
      if (d.getSource() == null || d.getSource().getName().endsWith("_Grad.java")) {
        out.add(d);
      }
    }
    return out;
  }

  /** The generated source of {@code qualifiedName}, or null if there is none. */
  public String generatedSource(String qualifiedName) {
    for (JavaFileObject f : compilation.generatedSourceFiles()) {
      if (f.getName().endsWith("/" + qualifiedName.replace('.', '/') + ".java")) {
        try {
          return f.getCharContent(true).toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return null;
  }

  /** The bytes of every class file written, by binary name ({@code big.Long_Grad$FPullbackFrame}). */
  public Map<String, byte[]> classFiles() {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    for (Map.Entry<String, JavaFileObject> e : loader.files.entrySet()) {
      try (InputStream in = e.getValue().openInputStream()) {
        out.put(e.getKey(), in.readAllBytes());
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }
    return out;
  }

  /** Loads a compiled class. Fails if compilation failed. */
  public Class<?> load(String qualifiedName) {
    if (!succeeded()) {
      throw new AssertionError("compilation failed:\n" + diagnostics());
    }
    try {
      return loader.loadClass(qualifiedName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(qualifiedName + " was not generated:\n" + diagnostics(), e);
    }
  }

  /** Calls the public static method {@code name} of {@code className} with matching arity. */
  public Object invoke(String className, String name, Object... args) {
    Class<?> c = load(className);
    for (Method m : c.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(null, args);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        } catch (InvocationTargetException e) {
          throw new AssertionError("call of " + name + " threw", e.getCause());
        }
      }
    }
    throw new AssertionError("no method " + name + " with " + args.length + " parameters in " + className);
  }

  /** Like {@link #invoke}, for a method that returns a double (or float, widened). */
  public double call(String className, String name, Object... args) {
    return ((Number) invoke(className, name, args)).doubleValue();
  }

  /** Reads a record component (such as {@code dX}) of a gradient record. */
  public static double component(Object record, String name) {
    try {
      return ((Number) record.getClass().getMethod(name).invoke(record)).doubleValue();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no component " + name + " in " + record, e);
    }
  }

  /** Defines classes from the compilation's class files. */
  private static final class MemoryLoader extends ClassLoader {
    private final Map<String, JavaFileObject> files = new HashMap<>();

    MemoryLoader(Compilation c) {
      super(Compiled.class.getClassLoader());
      if (c.status() != Compilation.Status.SUCCESS) {
        return;
      }
      for (JavaFileObject f : c.generatedFiles()) {
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          String path = f.toUri().getPath();
          int start = path.indexOf("/CLASS_OUTPUT/");
          String name = start >= 0 ? path.substring(start + "/CLASS_OUTPUT/".length()) : path.substring(1);
          files.put(name.replace(".class", "").replace('/', '.'), f);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject f = files.get(name);
      if (f == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = f.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }

  /** The UTF-8 bytes of a string; for tests that write sources to disk. */
  public static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }
}
