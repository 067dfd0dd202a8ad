package io.github.chainrule;

/** Small array helpers that generated code calls; allocation only where the name says so. */
public final class Adjoints {
  private Adjoints() {}

  /**
   * A new zero array of {@code a}'s length (for a null {@code a}, null).
   *
   * @param a the array whose length is taken, or null
   * @return a new zero array, or null
   */
  public static double[] zerosLike(double[] a) {
    return a == null ? null : new double[a.length];
  }

  /**
   * A new zero array of {@code a}'s length.
   *
   * @param a the array whose length is taken, or null
   * @return a new zero array, or null
   */
  public static float[] zerosLike(float[] a) {
    return a == null ? null : new float[a.length];
  }

  /**
   * A new zero matrix of {@code a}'s shape, row by row (rows may differ in length).
   *
   * @param a the matrix whose shape is taken, or null
   * @return a new zero matrix, or null
   */
  public static double[][] zerosLike(double[][] a) {
    if (a == null) {
      return null;
    }
    double[][] z = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = zerosLike(a[i]);
    }
    return z;
  }

  /**
   * A new zero matrix of {@code a}'s shape.
   *
   * @param a the matrix whose shape is taken, or null
   * @return a new zero matrix, or null
   */
  public static float[][] zerosLike(float[][] a) {
    if (a == null) {
      return null;
    }
    float[][] z = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = zerosLike(a[i]);
    }
    return z;
  }

  /**
   * A deep copy of a matrix (a clone shares its rows).
   *
   * @param a the matrix
   * @return a new matrix with copies of its rows
   */
  public static double[][] copyOf(double[][] a) {
    double[][] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i] == null ? null : c[i].clone();
    }
    return c;
  }

  /**
   * A deep copy of a matrix.
   *
   * @param a the matrix
   * @return a new matrix with copies of its rows
   */
  public static float[][] copyOf(float[][] a) {
    float[][] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i] == null ? null : c[i].clone();
    }
    return c;
  }

  /**
   * A deep copy of a matrix.
   *
   * @param a the matrix
   * @return a new matrix with copies of its rows
   */
  public static int[][] copyOf(int[][] a) {
    int[][] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i] == null ? null : c[i].clone();
    }
    return c;
  }

  /**
   * A deep copy of a matrix.
   *
   * @param a the matrix
   * @return a new matrix with copies of its rows
   */
  public static long[][] copyOf(long[][] a) {
    long[][] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i] == null ? null : c[i].clone();
    }
    return c;
  }

  /**
   * A deep copy of a matrix.
   *
   * @param a the matrix
   * @return a new matrix with copies of its rows
   */
  public static boolean[][] copyOf(boolean[][] a) {
    boolean[][] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i] == null ? null : c[i].clone();
    }
    return c;
  }

  /**
   * {@code target[i] += source[i]} for every i: the adjoint of {@code source = target.clone()}.
   *
   * @param target the array added to
   * @param source the array added, no longer than {@code target}
   */
  public static void addTo(double[] target, double[] source) {
    for (int i = 0; i < source.length; i++) {
      target[i] += source[i];
    }
  }

  /**
   * {@code target[i] += source[i]} for every i.
   *
   * @param target the array added to
   * @param source the array added, no longer than {@code target}
   */
  public static void addTo(float[] target, float[] source) {
    for (int i = 0; i < source.length; i++) {
      target[i] += source[i];
    }
  }

  /**
   * {@code sum_i a[i] * b[i]}, in double: the directional derivative from a gradient {@code a}
   * and a tangent {@code b}.
   *
   * @param a the first array
   * @param b the second array, of {@code a}'s length; null for zero
   * @return the dot product (0 if {@code b} is null)
   */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    if (b != null) {
      for (int i = 0; i < a.length; i++) {
        s += a[i] * b[i];
      }
    }
    return s;
  }

  /**
   * {@code sum_i a[i] * b[i]}, accumulated in double.
   *
   * @param a the first array
   * @param b the second array, of {@code a}'s length; null for zero
   * @return the dot product (0 if {@code b} is null)
   */
  public static double dot(float[] a, float[] b) {
    double s = 0;
    if (b != null) {
      for (int i = 0; i < a.length; i++) {
        s += (double) a[i] * b[i];
      }
    }
    return s;
  }

  /**
   * {@code sum_ij a[i][j] * b[i][j]}: the dot product of two matrices of one shape.
   *
   * @param a the first matrix
   * @param b the second matrix, of {@code a}'s shape; null for zero
   * @return the dot product (0 if {@code b} is null)
   */
  public static double dot(double[][] a, double[][] b) {
    double s = 0;
    if (b != null) {
      for (int i = 0; i < a.length; i++) {
        s += dot(a[i], b[i]);
      }
    }
    return s;
  }

  /**
   * {@code sum_ij a[i][j] * b[i][j]}, accumulated in double.
   *
   * @param a the first matrix
   * @param b the second matrix, of {@code a}'s shape; null for zero
   * @return the dot product (0 if {@code b} is null)
   */
  public static double dot(float[][] a, float[][] b) {
    double s = 0;
    if (b != null) {
      for (int i = 0; i < a.length; i++) {
        s += dot(a[i], b[i]);
      }
    }
    return s;
  }
}
