package io.github.chainrule;

import java.util.Arrays;

/**
 * The workspace of generated reverse-mode code with loops: stacks of primitive values (and of
 * array references) that the forward sweep pushes before a loop overwrites them and the backward
 * sweep pops, in reverse order, to restore them (Tapenade's push/pop).
 *
 * <p>Storage is primitive arrays that grow by doubling and are never shrunk, so a tape reused
 * across calls allocates nothing once warm. Every generated pullback leaves the tape as it found
 * it (it pops exactly what it pushed). A tape is not thread-safe: use one per thread. Generated
 * pullbacks without a {@code Tape} argument use {@link #forThread()}; hot loops can own one and
 * pass it explicitly.
 */
public final class Tape {
  private static final ThreadLocal<Tape> PER_THREAD = ThreadLocal.withInitial(Tape::new);

  private double[] doubles = new double[64];
  private int doubleTop;
  private long[] longs = new long[16];
  private int longTop;
  private int[] ints = new int[64];
  private int intTop;
  private Object[] refs = new Object[16];
  private int refTop;

  /** The tape of the calling thread, created on first use and kept. */
  public static Tape forThread() {
    return PER_THREAD.get();
  }

  public void pushDouble(double v) {
    if (doubleTop == doubles.length) {
      doubles = Arrays.copyOf(doubles, doubles.length * 2);
    }
    doubles[doubleTop++] = v;
  }

  public double popDouble() {
    return doubles[--doubleTop];
  }

  public void pushFloat(float v) {
    pushDouble(v);
  }

  public float popFloat() {
    return (float) popDouble();
  }

  public void pushLong(long v) {
    if (longTop == longs.length) {
      longs = Arrays.copyOf(longs, longs.length * 2);
    }
    longs[longTop++] = v;
  }

  public long popLong() {
    return longs[--longTop];
  }

  public void pushInt(int v) {
    if (intTop == ints.length) {
      ints = Arrays.copyOf(ints, ints.length * 2);
    }
    ints[intTop++] = v;
  }

  public int popInt() {
    return ints[--intTop];
  }

  public void pushBoolean(boolean v) {
    pushInt(v ? 1 : 0);
  }

  public boolean popBoolean() {
    return popInt() != 0;
  }

  /** Pushes an array reference (an array variable that a loop reassigns). */
  public void pushRef(Object v) {
    if (refTop == refs.length) {
      refs = Arrays.copyOf(refs, refs.length * 2);
    }
    refs[refTop++] = v;
  }

  /** Pops an array reference. */
  @SuppressWarnings("unchecked")
  public <T> T popRef() {
    T v = (T) refs[--refTop];
    refs[refTop] = null;
    return v;
  }

  // ---- Arrays lent to a pullback --------------------------------------------------------------

  private double[][] pool = new double[8][];
  private int pooled;
  private double[][] lent = new double[8][];
  private int lentTop;

  /**
   * A zeroed {@code double[n]} for a pullback's local arrays: taken from arrays given back before
   * when one of that length is free, so a pullback called again allocates nothing. Stays lent
   * until {@link #giveBack(int)}.
   */
  public double[] borrowDoubles(int n) {
    double[] a = null;
    for (int i = pooled - 1; i >= 0; i--) {
      if (pool[i].length == n) {
        a = pool[i];
        pool[i] = pool[--pooled];
        pool[pooled] = null;
        Arrays.fill(a, 0.0);
        break;
      }
    }
    if (a == null) {
      a = new double[n];
    }
    if (lentTop == lent.length) {
      lent = Arrays.copyOf(lent, lent.length * 2);
    }
    lent[lentTop++] = a;
    return a;
  }

  /** How many arrays are lent: the mark a pullback gives back to when it returns. */
  public int lentMark() {
    return lentTop;
  }

  /** Takes back every array lent since {@code mark}, for later calls. */
  public void giveBack(int mark) {
    while (lentTop > mark) {
      double[] a = lent[--lentTop];
      lent[lentTop] = null;
      if (pooled == pool.length) {
        pool = Arrays.copyOf(pool, pool.length * 2);
      }
      pool[pooled++] = a;
    }
  }

  /** Whether nothing is stored or lent: true between calls of generated code. */
  public boolean isEmpty() {
    return doubleTop == 0 && longTop == 0 && intTop == 0 && refTop == 0 && lentTop == 0;
  }

  /** Forgets everything stored, keeping the storage (after an exception interrupted a sweep). */
  public void clear() {
    doubleTop = 0;
    longTop = 0;
    intTop = 0;
    Arrays.fill(refs, 0, refTop, null);
    refTop = 0;
    Arrays.fill(lent, 0, lentTop, null);
    lentTop = 0;
  }
}
