package io.github.chainrule.processor.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chainrule.Tape;
import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tape after failures and after huge calls: a pullback that throws (here an index out of
 * bounds in the user's code, directly or in a callee) leaves the tape as it found it, and a retry
 * loop does not grow it; a tape that grew for one huge call gives the memory back after later small
 * calls; a tape whose growth fails stays usable.
 */
class TapeRecoveryTest {
  private static final String SOURCE =
      """
      package demo;

      import io.github.chainrule.Differentiable;

      public final class Failing {
        private Failing() {}

        @Differentiable
        public static double chain(double[] w, int n) {
          double[] h = new double[3];
          double s = 1;
          for (int i = 0; i < n; i++) {
            s = Math.sin(s * w[i]);
            h[i % 3] += s;
          }
          return s + h[0];
        }

        @Differentiable
        public static double outer(double[] w, int n) {
          double[] g = new double[2];
          double t = 0;
          for (int j = 0; j < 2; j++) {
            t = Math.cos(t + chain(w, n));
            g[j] = t;
          }
          return t + g[0];
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("demo.Failing", SOURCE);
    assertTrue(compiled.succeeded(), compiled.diagnostics());
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  private static Method pullback(String name, boolean withTape) {
    for (Method m : compiled.load("demo.Failing_Grad").getMethods()) {
      if (m.getName().equals(name + "Pullback") && (m.getParameterCount() == 5) == withTape) {
        return m;
      }
    }
    throw new AssertionError("no " + name + "Pullback");
  }

  /** Calls a pullback; returns what it threw, or null. */
  private static Throwable call(String name, double[] w, int n, Tape tape) {
    try {
      if (tape == null) {
        pullback(name, false).invoke(null, w, n, 1.0, new double[w.length]);
      } else {
        pullback(name, true).invoke(null, w, n, 1.0, new double[w.length], tape);
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static double[] ramp(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 + 0.25 * Math.sin(i);
    }
    return w;
  }

  @Test
  void aPullbackThatThrowsLeavesTheThreadTapeAsItWas() {
    Tape tape = Tape.forThread();
    tape.clear();
    double[] w = ramp(50);
    for (String name : new String[] {"chain", "outer"}) {
      assertEquals(null, call(name, w, 50, null), name + " with a valid n");
      long warm = tape.retainedBytes();
      for (int round = 0; round < 20_000; round++) {
        Throwable t = call(name, w, 60, null);
        assertInstanceOf(ArrayIndexOutOfBoundsException.class, t, name + ": expected the user's exception");
        assertTrue(tape.isEmpty(), name + ": the thread's tape is not empty after a pullback threw");
        assertEquals(0, tape.lentMark(), name + ": arrays still lent after a pullback threw");
      }
      assertTrue(tape.retainedBytes() <= warm, name + ": retrying a failing call grew the tape from " + warm + " to " + tape.retainedBytes() + " bytes");
      assertEquals(null, call(name, w, 50, null), name + " after the failures");
      assertTrue(tape.isEmpty(), name + ": tape after the failures");
    }
  }

  @Test
  void aPullbackThatThrowsLeavesAnOwnTapeAsItWas() {
    Tape tape = new Tape();
    Object marker = new Object();
    tape.pushDouble(-1.5);
    tape.pushInt(7);
    tape.pushRef(marker);
    double[] held = tape.borrowDoubles(4);
    int lent = tape.lentMark();
    for (int round = 0; round < 100; round++) {
      assertInstanceOf(ArrayIndexOutOfBoundsException.class, call("outer", ramp(5), 9, tape));
      assertEquals(lent, tape.lentMark(), "arrays lent before the call");
    }
    assertSame(marker, tape.popRef());
    assertEquals(7, tape.popInt());
    assertEquals(-1.5, tape.popDouble(), 0.0);
    tape.giveBack(0);
    assertTrue(tape.isEmpty(), "the tape is not as it was before the calls");
    assertEquals(4, held.length);
  }

  @Test
  void memoryOfAHugeCallIsGivenBack() {
    Tape tape = new Tape();
    int n = 2_000_000;
    assertEquals(null, call("chain", ramp(n), n, tape));
    long huge = tape.retainedBytes();
    assertTrue(huge > 8L * n, "the huge call held only " + huge + " bytes");
    double[] w = ramp(20);
    for (int i = 0; i < 20 * Tape.WINDOW; i++) {
      assertEquals(null, call("chain", w, 20, tape));
    }
    assertTrue(tape.isEmpty());
    assertTrue(tape.retainedBytes() < 256 * 1024, "after small calls the tape still holds " + tape.retainedBytes() + " bytes");
  }

  @Test
  void aFailureWhileGrowingLeavesTheTapeUsable() throws ReflectiveOperationException {
    Constructor<Tape> limited = Tape.class.getDeclaredConstructor(int.class);
    limited.setAccessible(true);
    Tape tape = limited.newInstance(2048);
    tape.pushDouble(3.25);
    double[] w = ramp(5000);
    Throwable t = call("outer", w, 5000, tape);
    assertInstanceOf(OutOfMemoryError.class, t, "a push beyond the limit");
    assertEquals(3.25, tape.popDouble(), 0.0);
    assertTrue(tape.isEmpty(), "the tape is not as it was after growth failed");
    double[] small = Arrays.copyOf(w, 100);
    try {
      Method m = pullback("outer", true);
      double[] a = new double[100];
      double[] b = new double[100];
      double v1 = (double) m.invoke(null, small, 100, 1.0, a, tape);
      double v2 = (double) m.invoke(null, small, 100, 1.0, b, new Tape());
      assertEquals(v2, v1, 0.0);
      assertTrue(Arrays.equals(a, b), "the tape gives other adjoints after a failure");
      assertTrue(tape.isEmpty());
    } catch (InvocationTargetException e) {
      fail("the tape is not usable after growth failed", e.getCause());
    }
  }

  /** The frames of outlined methods: taken by class, kept up to a bound, forgotten by clear. */
  @Test
  void framesAreTakenByTheirClassAndKeptUpToABound() {
    Tape tape = new Tape();
    assertEquals(null, tape.takeFrame(StringBuilder.class));
    StringBuilder a = new StringBuilder();
    int[] b = new int[1];
    tape.keepFrame(a);
    tape.keepFrame(b);
    assertSame(a, tape.takeFrame(StringBuilder.class));
    assertEquals(null, tape.takeFrame(StringBuilder.class));
    assertSame(b, tape.takeFrame(int[].class));
    for (int i = 0; i < Tape.FRAMES + 3; i++) {
      tape.keepFrame(new StringBuilder(String.valueOf(i)));
    }
    int kept = 0;
    StringBuilder newest = null;
    for (Object f; (f = tape.takeFrame(StringBuilder.class)) != null; kept++) {
      newest = newest == null ? (StringBuilder) f : newest;
    }
    assertEquals(Tape.FRAMES, kept, "the oldest frames are let go");
    assertEquals(String.valueOf(Tape.FRAMES + 2), newest.toString(), "taken newest first");
    tape.keepFrame(a);
    tape.clear();
    assertEquals(null, tape.takeFrame(StringBuilder.class));
    assertTrue(tape.isEmpty());
  }
}
