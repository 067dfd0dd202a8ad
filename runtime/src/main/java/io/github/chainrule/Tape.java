package io.github.chainrule;

import java.util.Arrays;

/**
 * The workspace of generated reverse-mode code with loops: stacks of primitive values (and of
 * array references) that the forward sweep pushes before a loop overwrites them and the backward
 * sweep pops, in reverse order, to restore them (Tapenade's push/pop).
 *
 * <p><b>Memory.</b> Storage is primitive arrays that grow by doubling, so a tape reused across
 * calls allocates nothing once warm. A tape also gives memory back: every {@value #WINDOW}
 * top-level calls (a call made while no other pullback is running on the tape), a stack of more
 * than {@value #KEEP} slots that no call of that window filled beyond a quarter is cut to a
 * quarter, and arrays lent before and not borrowed again for a whole window are dropped. After one
 * huge call, a run of small calls thus brings the tape back to a few kilobytes; a steady workload
 * keeps its size. {@link #retainedBytes()} says how much a tape holds. Growth that fails (an
 * {@link OutOfMemoryError}, or a stack at the largest array size) changes nothing.
 *
 * <p><b>API.</b> Generated pullbacks call {@link #mark()} on entry, {@link #release(int)} before
 * they return (by then they have popped exactly what they pushed) and {@link #reset(int)} when
 * anything is thrown, so that <b>a pullback that throws leaves the tape as it found it</b>: values
 * pushed and arrays lent since the mark are dropped, and a top-level call that fails gives its
 * oversized stacks back at once. Nested pullbacks on the same tape each keep their own mark. A tape
 * is not thread-safe: use one per thread. Generated pullbacks without a {@code Tape} argument use
 * {@link #forThread()}; hot loops can own one and pass it explicitly.
 */
public final class Tape {
  private static final ThreadLocal<Tape> PER_THREAD = ThreadLocal.withInitial(Tape::new);

  /** Stacks of at most this many slots are never cut. */
  public static final int KEEP = 1 << 12;

  /** Top-level calls between two looks at whether the tape holds more than it needs. */
  public static final int WINDOW = 16;

  private static final int LARGEST = Integer.MAX_VALUE - 8;

  /** The most slots a stack may have: growth beyond throws (a test hook; else the VM's limit). */
  private final int maxSlots;

  // Each stack: its array, its top, the top at which push takes the slow path (the capacity, or
  // a quarter of it while a window watches whether calls need more), and whether they did.
  private double[] doubles = new double[64];
  private int doubleTop;
  private int doubleLimit = 64;
  private boolean doublesUsed;
  private long[] longs = new long[16];
  private int longTop;
  private int longLimit = 16;
  private boolean longsUsed;
  private int[] ints = new int[64];
  private int intTop;
  private int intLimit = 64;
  private boolean intsUsed;
  private Object[] refs = new Object[16];
  private int refTop;
  private int refLimit = 16;
  private boolean refsUsed;

  /** Five tops per open call: doubles, longs, ints, refs, lent. */
  private int[] marks = new int[40];
  private int markTop;
  private int calls;
  private int window;

  /** An empty tape, for a caller that owns its workspace. */
  public Tape() {
    this(LARGEST);
  }

  /** A tape whose stacks refuse to grow beyond {@code maxSlots} slots (for tests). */
  Tape(int maxSlots) {
    this.maxSlots = maxSlots;
  }

  /**
   * The tape of the calling thread, created on first use and kept.
   *
   * @return this thread's tape
   */
  public static Tape forThread() {
    return PER_THREAD.get();
  }

  /**
   * Pushes a {@code double}.
   *
   * @param v the value saved for the backward sweep
   */
  public void pushDouble(double v) {
    if (doubleTop >= doubleLimit) {
      growDoubles();
    }
    doubles[doubleTop++] = v;
  }

  /**
   * Pops the double pushed last.
   *
   * @return the value
   */
  public double popDouble() {
    return doubles[--doubleTop];
  }

  /**
   * Pushes a {@code float} (stored as a {@code double}).
   *
   * @param v the value saved for the backward sweep
   */
  public void pushFloat(float v) {
    pushDouble(v);
  }

  /**
   * Pops the float pushed last.
   *
   * @return the value
   */
  public float popFloat() {
    return (float) popDouble();
  }

  /**
   * Pushes a {@code long}.
   *
   * @param v the value saved for the backward sweep
   */
  public void pushLong(long v) {
    if (longTop >= longLimit) {
      growLongs();
    }
    longs[longTop++] = v;
  }

  /**
   * Pops the long pushed last.
   *
   * @return the value
   */
  public long popLong() {
    return longs[--longTop];
  }

  /**
   * Pushes an {@code int}.
   *
   * @param v the value saved for the backward sweep
   */
  public void pushInt(int v) {
    if (intTop >= intLimit) {
      growInts();
    }
    ints[intTop++] = v;
  }

  /**
   * Pops the int pushed last.
   *
   * @return the value
   */
  public int popInt() {
    return ints[--intTop];
  }

  /**
   * Pushes a {@code boolean} (stored as an {@code int}).
   *
   * @param v the value saved for the backward sweep
   */
  public void pushBoolean(boolean v) {
    pushInt(v ? 1 : 0);
  }

  /**
   * Pops the boolean pushed last.
   *
   * @return the value
   */
  public boolean popBoolean() {
    return popInt() != 0;
  }

  /**
   * Pushes an array reference (an array variable that a loop reassigns).
   *
   * @param v the reference
   */
  public void pushRef(Object v) {
    if (refTop >= refLimit) {
      growRefs();
    }
    refs[refTop++] = v;
  }

  /**
   * Pops an array reference.
   *
   * @param <T> the array's type
   * @return the reference pushed last
   */
  @SuppressWarnings("unchecked")
  public <T> T popRef() {
    T v = (T) refs[--refTop];
    refs[refTop] = null;
    return v;
  }

  // ---- Growth: slow paths that change nothing when they fail ---------------------------------

  private void growDoubles() {
    doublesUsed = true;
    if (doubleTop >= doubles.length) {
      doubles = Arrays.copyOf(doubles, grown(doubles.length));
    }
    doubleLimit = doubles.length;
  }

  private void growLongs() {
    longsUsed = true;
    if (longTop >= longs.length) {
      longs = Arrays.copyOf(longs, grown(longs.length));
    }
    longLimit = longs.length;
  }

  private void growInts() {
    intsUsed = true;
    if (intTop >= ints.length) {
      ints = Arrays.copyOf(ints, grown(ints.length));
    }
    intLimit = ints.length;
  }

  private void growRefs() {
    refsUsed = true;
    if (refTop >= refs.length) {
      refs = Arrays.copyOf(refs, grown(refs.length));
    }
    refLimit = refs.length;
  }

  private int grown(int capacity) {
    if (capacity >= maxSlots) {
      throw new OutOfMemoryError("Tape: a stack is at its largest size, " + capacity + " slots");
    }
    return (int) Math.min(2L * capacity, maxSlots);
  }

  /** The capacity to keep for a stack: a quarter if unused beyond it, never below its content. */
  private static int cut(int capacity, boolean used, int top) {
    return used || capacity <= KEEP ? capacity : Math.max(Math.max(capacity / 4, KEEP), top);
  }

  private static int watermark(int capacity) {
    return capacity > KEEP ? capacity / 4 : capacity;
  }

  // ---- Marks: what a pullback restores -------------------------------------------------------

  /**
   * Records the tape's position (every stack's top and the lent arrays) on entry to a pullback.
   *
   * @return the mark to pass to {@link #release(int)} or {@link #reset(int)}
   */
  public int mark() {
    int m = markTop;
    if (m + 5 > marks.length) {
      marks = Arrays.copyOf(marks, grown(marks.length));
    }
    marks[m] = doubleTop;
    marks[m + 1] = longTop;
    marks[m + 2] = intTop;
    marks[m + 3] = refTop;
    marks[m + 4] = lentTop;
    markTop = m + 5;
    return m;
  }

  /**
   * Ends a call that returns normally (it has popped what it pushed): takes back the arrays lent
   * since {@code mark}, and after a top-level call, now and then, memory the tape no longer needs.
   *
   * @param mark what {@link #mark()} returned when the call began
   */
  public void release(int mark) {
    giveBack(marks[mark + 4]);
    markTop = mark;
    if (mark == 0 && ++calls >= WINDOW) {
      trim();
    }
  }

  /**
   * Ends a call that throws: drops every value pushed and takes back every array lent since
   * {@code mark}, so that the tape is as it was at {@link #mark()}; a top-level call that failed
   * also gives back at once the stacks that grew beyond {@value #KEEP} slots.
   *
   * @param mark what {@link #mark()} returned when the call began
   */
  public void reset(int mark) {
    doubleTop = Math.min(doubleTop, marks[mark]);
    longTop = Math.min(longTop, marks[mark + 1]);
    intTop = Math.min(intTop, marks[mark + 2]);
    int r = marks[mark + 3];
    if (refTop > r) {
      Arrays.fill(refs, r, refTop, null);
      refTop = r;
    }
    int lentMark = marks[mark + 4];
    while (lentTop > lentMark) {
      lent[--lentTop] = null; // not pooled: the failure may have been for want of memory
    }
    markTop = mark;
    if (mark == 0) {
      doubles = doubles.length > KEEP ? Arrays.copyOf(doubles, Math.max(KEEP, doubleTop)) : doubles;
      longs = longs.length > KEEP ? Arrays.copyOf(longs, Math.max(KEEP, longTop)) : longs;
      ints = ints.length > KEEP ? Arrays.copyOf(ints, Math.max(KEEP, intTop)) : ints;
      refs = refs.length > KEEP ? Arrays.copyOf(refs, Math.max(KEEP, refTop)) : refs;
      doubleLimit = doubles.length;
      longLimit = longs.length;
      intLimit = ints.length;
      refLimit = refs.length;
    }
  }

  /** The end of a window: cuts what no call of it needed, and starts watching again. */
  private void trim() {
    calls = 0;
    doubles = resize(doubles, cut(doubles.length, doublesUsed, doubleTop));
    longs = resize(longs, cut(longs.length, longsUsed, longTop));
    ints = resize(ints, cut(ints.length, intsUsed, intTop));
    refs = resize(refs, cut(refs.length, refsUsed, refTop));
    doubleLimit = Math.max(watermark(doubles.length), doubleTop);
    longLimit = Math.max(watermark(longs.length), longTop);
    intLimit = Math.max(watermark(ints.length), intTop);
    refLimit = Math.max(watermark(refs.length), refTop);
    doublesUsed = false;
    longsUsed = false;
    intsUsed = false;
    refsUsed = false;
    // Arrays given back before this window and not borrowed during it are dropped.
    int kept = 0;
    for (int i = 0; i < pooled; i++) {
      if (poolWindow[i] == window) {
        pool[kept] = pool[i];
        poolWindow[kept++] = window;
      }
    }
    Arrays.fill(pool, kept, pooled, null);
    pooled = kept;
    if (pool.length > KEEP && pooled < pool.length / 4) {
      pool = Arrays.copyOf(pool, Math.max(KEEP, pooled));
      poolWindow = Arrays.copyOf(poolWindow, pool.length);
    }
    if (lent.length > KEEP && lentPeak < lent.length / 4) {
      lent = Arrays.copyOf(lent, Math.max(KEEP, lentTop));
    }
    lentPeak = lentTop;
    window++;
  }

  private static double[] resize(double[] a, int n) {
    return n == a.length ? a : Arrays.copyOf(a, n);
  }

  private static long[] resize(long[] a, int n) {
    return n == a.length ? a : Arrays.copyOf(a, n);
  }

  private static int[] resize(int[] a, int n) {
    return n == a.length ? a : Arrays.copyOf(a, n);
  }

  private static Object[] resize(Object[] a, int n) {
    return n == a.length ? a : Arrays.copyOf(a, n);
  }

  /**
   * About how many bytes the tape holds: its stacks' capacities and the arrays it keeps for
   * lending (references counted as 8 bytes).
   *
   * @return the bytes held
   */
  public long retainedBytes() {
    long b = 8L * doubles.length + 8L * longs.length + 4L * ints.length + 8L * refs.length;
    b += 4L * marks.length + 12L * pool.length + 8L * lent.length;
    for (int i = 0; i < pooled; i++) {
      b += 8L * pool[i].length;
    }
    for (int i = 0; i < lentTop; i++) {
      b += 8L * lent[i].length;
    }
    return b;
  }

  // ---- Arrays lent to a pullback --------------------------------------------------------------

  private double[][] pool = new double[8][];
  private int[] poolWindow = new int[8];
  private int pooled;
  private double[][] lent = new double[8][];
  private int lentTop;
  private int lentPeak;

  /**
   * A zeroed {@code double[n]} for a pullback's local arrays: taken from arrays given back before
   * when one of that length is free, so a pullback called again allocates nothing. Stays lent
   * until {@link #giveBack(int)}.
   *
   * @param n the length
   * @return a zeroed array of that length
   */
  public double[] borrowDoubles(int n) {
    double[] a = null;
    for (int i = pooled - 1; i >= 0; i--) {
      if (pool[i].length == n) {
        a = pool[i];
        pool[i] = pool[--pooled];
        poolWindow[i] = poolWindow[pooled];
        pool[pooled] = null;
        Arrays.fill(a, 0.0);
        break;
      }
    }
    if (a == null) {
      a = new double[n];
    }
    if (lentTop == lent.length) {
      lent = Arrays.copyOf(lent, grown(lent.length));
    }
    lent[lentTop++] = a;
    if (lentTop > lentPeak) {
      lentPeak = lentTop;
    }
    return a;
  }

  /**
   * How many arrays are lent: the mark a pullback gives back to when it returns.
   *
   * @return the number of arrays lent now
   */
  public int lentMark() {
    return lentTop;
  }

  /**
   * Takes back every array lent since {@code mark}, for later calls.
   *
   * @param mark what {@link #lentMark()} returned
   */
  public void giveBack(int mark) {
    while (lentTop > mark) {
      double[] a = lent[--lentTop];
      lent[lentTop] = null;
      if (pooled == pool.length) {
        int n = grown(pool.length);
        poolWindow = Arrays.copyOf(poolWindow, n);
        pool = Arrays.copyOf(pool, n);
      }
      poolWindow[pooled] = window;
      pool[pooled++] = a;
    }
  }

  // ---- Frames of outlined methods ----------------------------------------------------------------

  /** The most frames a tape keeps for later calls. */
  public static final int FRAMES = 16;

  private final Object[] frames = new Object[FRAMES];
  private int framesKept;

  /**
   * A frame of class {@code type} kept by {@link #keepFrame} and not taken since, or null. Generated
   * methods too long for the JIT are cut into parts that share their variables through a frame
   * object (README, "Program size"); they take one from their thread's tape, or make one when
   * there is none, and give it back when they return, so that a warm call allocates nothing. The
   * caller resets the fields that must start at zero. Frames are not counted by
   * {@link #retainedBytes()}.
   *
   * @param type the frame's class
   * @return a kept frame of that class, or null when there is none
   */
  public Object takeFrame(Class<?> type) {
    for (int i = framesKept - 1; i >= 0; i--) {
      Object f = frames[i];
      if (f.getClass() == type) {
        frames[i] = frames[--framesKept];
        frames[framesKept] = null;
        return f;
      }
    }
    return null;
  }

  /**
   * Keeps {@code frame} for a later {@link #takeFrame} (the caller has dropped its references to
   * arrays); beyond {@value #FRAMES} frames, the oldest is let go.
   *
   * @param frame the frame
   */
  public void keepFrame(Object frame) {
    if (framesKept == FRAMES) {
      System.arraycopy(frames, 1, frames, 0, FRAMES - 1);
      framesKept--;
    }
    frames[framesKept++] = frame;
  }

  /**
   * Whether nothing is stored or lent: true between calls of generated code.
   *
   * @return whether the tape is empty
   */
  public boolean isEmpty() {
    return doubleTop == 0 && longTop == 0 && intTop == 0 && refTop == 0 && lentTop == 0 && markTop == 0;
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
    markTop = 0;
    Arrays.fill(frames, 0, framesKept, null);
    framesKept = 0;
  }
}
