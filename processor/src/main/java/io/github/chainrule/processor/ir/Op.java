package io.github.chainrule.processor.ir;

/**
 * The operations of the computational graph. Each node applies one of these to its operands.
 *
 * <p>Derivatives are not here: they live in {@code rules.DerivativeRules}, one entry per
 * differentiable operation.
 */
public enum Op {
  // Arithmetic, with Java's semantics for the node's type (int division stays integer division).
  NEG(Kind.ARITHMETIC, 1, "-"),
  ADD(Kind.ARITHMETIC, 2, "+"),
  SUB(Kind.ARITHMETIC, 2, "-"),
  MUL(Kind.ARITHMETIC, 2, "*"),
  DIV(Kind.ARITHMETIC, 2, "/"),
  REM(Kind.ARITHMETIC, 2, "%"),

  // Comparisons: numeric operands, boolean result.
  LT(Kind.COMPARISON, 2, "<"),
  LE(Kind.COMPARISON, 2, "<="),
  GT(Kind.COMPARISON, 2, ">"),
  GE(Kind.COMPARISON, 2, ">="),
  EQ(Kind.COMPARISON, 2, "=="),
  NE(Kind.COMPARISON, 2, "!="),

  // Boolean logic. AND and OR evaluate both operands: the front end lowers short-circuit
  // operands that could throw or have effects to branches first.
  NOT(Kind.LOGIC, 1, "!"),
  AND(Kind.LOGIC, 2, "&&"),
  OR(Kind.LOGIC, 2, "||"),

  /** Primitive conversion to the node's type. */
  CAST(Kind.CONVERSION, 1, "cast"),
  /** The operand itself: joins of branches and renamings. */
  COPY(Kind.CONVERSION, 1, "copy"),
  /** {@code cond ? a : b} with all three operands evaluated; only derivative code uses it. */
  SELECT(Kind.CONVERSION, 3, "?:"),

  // Arrays. Arrays are memory: elements are read with LOAD and written with Stmt.Store.
  /** {@code array[index]}: an element, or a row of a matrix (an alias, not a copy). */
  LOAD(Kind.ARRAY, 2, "[]"),
  /** {@code array.length}. */
  LENGTH(Kind.ARRAY, 1, "length"),
  /** {@code new T[n]}, zeroed. */
  NEW_ARRAY(Kind.ARRAY, 1, "new"),
  /** {@code new T[n][m]}, zeroed. */
  NEW_MATRIX(Kind.ARRAY, 2, "new"),
  /** {@code array.clone()}: a shallow copy (a matrix's clone shares its rows). */
  CLONE(Kind.ARRAY, 1, "clone"),
  /** A deep copy: what the backward sweep keeps of an array a callee read. */
  SNAPSHOT(Kind.ARRAY, 1, "copyOf"),

  // java.lang.Math and java.lang.StrictMath functions.
  SIN(Kind.MATH, 1, "sin"),
  COS(Kind.MATH, 1, "cos"),
  TAN(Kind.MATH, 1, "tan"),
  ASIN(Kind.MATH, 1, "asin"),
  ACOS(Kind.MATH, 1, "acos"),
  ATAN(Kind.MATH, 1, "atan"),
  ATAN2(Kind.MATH, 2, "atan2"),
  SINH(Kind.MATH, 1, "sinh"),
  COSH(Kind.MATH, 1, "cosh"),
  TANH(Kind.MATH, 1, "tanh"),
  EXP(Kind.MATH, 1, "exp"),
  EXPM1(Kind.MATH, 1, "expm1"),
  LOG(Kind.MATH, 1, "log"),
  LOG10(Kind.MATH, 1, "log10"),
  LOG1P(Kind.MATH, 1, "log1p"),
  SQRT(Kind.MATH, 1, "sqrt"),
  CBRT(Kind.MATH, 1, "cbrt"),
  POW(Kind.MATH, 2, "pow"),
  HYPOT(Kind.MATH, 2, "hypot"),
  ABS(Kind.MATH, 1, "abs"),
  MAX(Kind.MATH, 2, "max"),
  MIN(Kind.MATH, 2, "min"),
  SIGNUM(Kind.MATH, 1, "signum"),
  FLOOR(Kind.MATH, 1, "floor"),
  CEIL(Kind.MATH, 1, "ceil"),
  RINT(Kind.MATH, 1, "rint"),
  COPY_SIGN(Kind.MATH, 2, "copySign"),
  FMA(Kind.MATH, 3, "fma"),
  TO_RADIANS(Kind.MATH, 1, "toRadians"),
  TO_DEGREES(Kind.MATH, 1, "toDegrees"),
  SCALB(Kind.MATH, 2, "scalb"),
  IEEE_REMAINDER(Kind.MATH, 2, "IEEEremainder"),
  ULP(Kind.MATH, 1, "ulp"),
  NEXT_UP(Kind.MATH, 1, "nextUp"),
  NEXT_DOWN(Kind.MATH, 1, "nextDown"),
  /** {@code Math.clamp} (JDK 21 and later). */
  CLAMP(Kind.MATH, 3, "clamp");

  /** Families of operations. */
  public enum Kind {
    ARITHMETIC,
    COMPARISON,
    LOGIC,
    CONVERSION,
    ARRAY,
    MATH
  }

  private final Kind kind;
  private final int arity;
  private final String symbol;

  Op(Kind kind, int arity, String symbol) {
    this.kind = kind;
    this.arity = arity;
    this.symbol = symbol;
  }

  public Kind kind() {
    return kind;
  }

  public int arity() {
    return arity;
  }

  /** The Java operator, or for {@link Kind#MATH} the method name in {@code java.lang.Math}. */
  public String symbol() {
    return symbol;
  }

  /** The {@link Kind#MATH} operation for a method name of {@code java.lang.Math}, or null. */
  public static Op mathFunction(String name, int arity) {
    for (Op op : values()) {
      if (op.kind == Kind.MATH && op.symbol.equals(name) && op.arity == arity) {
        return op;
      }
    }
    return null;
  }
}
