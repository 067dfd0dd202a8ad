package io.github.chainrule.processor.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.processor.rules.RuleHarness.Case;
import io.github.chainrule.processor.rules.RuleHarness.Fn;
import io.github.chainrule.processor.rules.RuleHarness.Ref;
import io.github.chainrule.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.util.FastMath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operators and conversions: {@code + - * / %}, unary minus, casts between floating types and to
 * integer types, integer arithmetic mixed in, compound assignments, {@code ++ --}, float
 * parameters and results, float/double promotion, static final constants, Math.PI and Math.E, and
 * int/long/boolean parameters as constants. Each method is checked in record, tangent and pullback
 * form against a Hipparchus evaluation of the same expression (with Java's integer semantics
 * applied to the constant parts by hand) and against finite differences.
 */
class OperatorRulesTest {
  private static final String OWNER = "Ops";
  private static final List<Fn> FNS = new ArrayList<>();
  private static Compiled compiled;

  private static final String MEMBERS =
      """
        static final double K = 2.5;
        static final int N = 3;
        static final float G = 0.5f;
        static final long L = 4L;
      """;

  private static Fn fn(String signature, String body, Ref ref) {
    Fn f = new Fn(OWNER, signature, body, ref);
    FNS.add(f);
    return f;
  }

  private static DerivativeStructure c(DerivativeStructure like, double value) {
    return like.getFactory().constant(value);
  }

  /** Java's x % y over derivative structures: x - y * trunc(x / y), trunc taken on the values. */
  private static DerivativeStructure rem(DerivativeStructure x, DerivativeStructure y) {
    double q = (long) (x.getValue() / y.getValue());
    return x.subtract(y.multiply(q));
  }

  /** A float-typed value over derivative structures: the value rounded to float, derivative kept. */
  private static DerivativeStructure toFloat(DerivativeStructure x) {
    return x.add((float) x.getValue() - x.getValue());
  }

  // ---- double ---------------------------------------------------------------------------------
  static final Fn ADD = fn("double add(double x, double y)", "x + y", v -> v[0].add(v[1]));
  static final Fn SUB = fn("double sub(double x, double y)", "x - y", v -> v[0].subtract(v[1]));
  static final Fn MUL = fn("double mul(double x, double y)", "x * y", v -> v[0].multiply(v[1]));
  static final Fn DIV = fn("double div(double x, double y)", "x / y", v -> v[0].divide(v[1]));
  static final Fn REM = fn("double rem(double x, double y)", "x % y", v -> rem(v[0], v[1]));
  static final Fn NEG = fn("double neg(double x)", "-x", v -> v[0].negate());
  static final Fn NEG_EXPR = fn("double negExpr(double x, double y)", "-(x * y) - -x", v -> v[0].multiply(v[1]).negate().add(v[0]));
  static final Fn UNARY_CHAIN = fn("double unaryChain(double x)", "-(-x) * -(x - 1)", v -> v[0].multiply(v[0].subtract(1).negate()));
  static final Fn SAME_OPERAND =
      fn("double sameOperand(double x)", "x * x + x / x - (x - x)", v -> v[0].multiply(v[0]).add(v[0].divide(v[0])).subtract(v[0].subtract(v[0])));
  static final Fn CUBE = fn("double cube(double x)", "x * x * x", v -> v[0].multiply(v[0]).multiply(v[0]));
  static final Fn CAST_THROUGH_FLOAT = fn("double castThroughFloat(double x)", "(double) (float) x * x", v -> toFloat(v[0]).multiply(v[0]));
  static final Fn CAST_TO_INT =
      fn("double castToInt(double x)", "(int) x + x * (long) x", v -> c(v[0], (int) v[0].getValue()).add(v[0].multiply((long) v[0].getValue())));
  static final Fn CAST_INT_ONLY = fn("double castIntOnly(double x)", "(double) (int) (x * 10)", v -> c(v[0], (int) (v[0].getValue() * 10)));
  static final Fn INT_DIVISION = fn("double intDivision(double x)", "1 / 2 * x", v -> v[0].multiply(0));
  static final Fn INT_MIXED =
      fn("double intMixed(double x)", "x * 3 / 2 + 3 / 2 * x + x / 2 * 3", v -> v[0].multiply(3).divide(2).add(v[0]).add(v[0].divide(2).multiply(3)));
  static final Fn INT_OVER_X = fn("double intOverX(double x)", "x / 4 + 4 / x", v -> v[0].divide(4).add(v[0].reciprocal().multiply(4)));
  static final Fn COMPOUND =
      fn(
          "double compound(double x, double y)",
          "double s = x; s += y; s *= x; s -= 2 * y; s /= y + 3; return s;",
          v -> v[0].add(v[1]).multiply(v[0]).subtract(v[1].multiply(2)).divide(v[1].add(3)));
  static final Fn REM_ASSIGN =
      fn("double remAssign(double x)", "double s = x * x; s %= 3.0; return s * x;", v -> rem(v[0].multiply(v[0]), c(v[0], 3)).multiply(v[0]));
  static final Fn INC_DEC =
      fn(
          "double incDec(double x)",
          "double a = x; double b = a++ + ++a; a--; --a; return a * b;",
          v -> v[0].multiply(v[0].multiply(2).add(2)));
  static final Fn INT_LOCAL =
      fn("double intLocal(double x)", "int n = 3; n++; n *= 2; n -= 1; return x * n - n;", v -> v[0].multiply(7).subtract(7));
  static final Fn INT_COMPOUND_FROM_DOUBLE =
      fn(
          "double intCompoundFromDouble(double x)",
          "int k = 1; k += x; double r = x; return r * k;",
          v -> v[0].multiply((int) (1 + v[0].getValue())));
  static final Fn CONSTANTS =
      fn(
          "double constants(double x)",
          "K * x + N * x * x - G * x + L * x + Math.PI * x - Math.E",
          v -> v[0].multiply(2.5).add(v[0].multiply(v[0]).multiply(3)).subtract(v[0].multiply(0.5)).add(v[0].multiply(4)).add(v[0].multiply(Math.PI)).subtract(Math.E));
  static final Fn VAR_LOCALS =
      fn("double varLocals(double x, double y)", "var t = x * y; var u = t + 1; return u * x;", v -> v[0].multiply(v[1]).add(1).multiply(v[0]));
  static final Fn REASSIGN_PARAMS =
      fn(
          "double reassignParams(double x, double y)",
          "x = x * y; y = y + x; return x * y;",
          v -> v[0].multiply(v[1]).multiply(v[1].add(v[0].multiply(v[1]))));
  static final Fn INT_PARAM = fn("double intParam(double x, int n)", "x * n + n", v -> v[0].multiply(v[1]).add(v[1]));
  static final Fn LONG_BOOL =
      fn(
          "double longBool(double x, long k, boolean neg)",
          "return neg ? -x * k : x * k;",
          v -> v[2].getValue() != 0 ? v[0].negate().multiply(v[1]) : v[0].multiply(v[1]));

  // ---- float ----------------------------------------------------------------------------------
  static final Fn F_ARITH =
      fn("float fArith(float a, float b)", "a * b + a / b - a", v -> v[0].multiply(v[1]).add(v[0].divide(v[1])).subtract(v[0]));
  static final Fn F_MATH =
      fn(
          "float fMath(float a, float b)",
          "Math.abs(a) * Math.max(a, b) + Math.min(a, b) - Math.copySign(a, b) + Math.signum(a) + Math.fma(a, b, a)",
          v ->
              v[0].abs().multiply(FastMath.max(v[0], v[1]))
                  .add(FastMath.min(v[0], v[1]))
                  .subtract(v[0].copySign(v[1]))
                  .add(Math.signum(v[0].getValue()))
                  .add(v[0].multiply(v[1]).add(v[0])));
  static final Fn F_CAST = fn("float fCast(float a)", "(float) Math.sin(a) * a", v -> v[0].sin().multiply(v[0]));
  static final Fn F_MIXED = fn("double fMixed(float a, double x)", "a * x + a", v -> v[0].multiply(v[1]).add(v[0]));
  static final Fn F_MIXED_F = fn("float fMixedF(float a, double x)", "(float) (a * x) + a", v -> v[0].multiply(v[1]).add(v[0]));
  static final Fn F_COMPOUND =
      fn(
          "float fCompound(float a, double x)",
          "float s = a; s += x; s *= a; s /= 2; return s;",
          v -> v[0].add(v[1]).multiply(v[0]).divide(2));
  static final Fn F_INC_DEC =
      fn("float fIncDec(float a)", "float s = a; s++; ++s; s--; return s * a;", v -> v[0].add(1).multiply(v[0]));
  static final Fn F_CONST = fn("float fConst(float a)", "G * a * a + N", v -> v[0].multiply(v[0]).multiply(0.5).add(3));
  static final Fn F_TO_DOUBLE = fn("double fToDouble(float a)", "double d = a; return d * d;", v -> v[0].multiply(v[0]));
  static final Fn F_DOUBLE_TO_FLOAT =
      fn("float fFromDouble(double x)", "float f = (float) x; return f * f;", v -> toFloat(v[0]).multiply(toFloat(v[0])));

  static Stream<Case> cases() {
    List<Case> k = new ArrayList<>();
    for (Fn f : List.of(ADD, SUB, MUL, DIV, NEG_EXPR, VAR_LOCALS, REASSIGN_PARAMS, COMPOUND)) {
      k.add(at(f, 1.5, 0.5));
      k.add(at(f, -2, 4));
    }
    for (double[] p : new double[][] {{7.5, 2}, {-7.5, 2}, {7.5, -2}, {5.3, 0.7}, {0.3, 5}}) {
      k.add(at(REM, p));
    }
    for (Fn f : List.of(NEG, UNARY_CHAIN, SAME_OPERAND, CUBE, INT_DIVISION, INT_MIXED, INC_DEC, INT_LOCAL, CONSTANTS)) {
      k.add(at(f, 1.5));
      k.add(at(f, -2.25));
    }
    k.add(at(INT_OVER_X, 0.75));
    k.add(at(INT_OVER_X, -3));
    k.add(at(REM_ASSIGN, 2.2));
    k.add(at(REM_ASSIGN, -1.9));
    // The float rounding of (float) x makes finite differences of it meaningless at 1e-7; the
    // derivative of a float value is itself a float (float precision, 1e-6 relative).
    k.add(at(CAST_THROUGH_FLOAT, 1.3).rel(1e-6).noFiniteDifferences("float steps"));
    k.add(at(CAST_THROUGH_FLOAT, -0.1).rel(1e-6).noFiniteDifferences("float steps"));
    k.add(at(CAST_TO_INT, 2.7));
    k.add(at(CAST_TO_INT, -3.2));
    k.add(at(CAST_INT_ONLY, 0.123));
    k.add(at(INT_COMPOUND_FROM_DOUBLE, 2.5));
    k.add(at(INT_COMPOUND_FROM_DOUBLE, -3.5));
    k.add(at(INT_PARAM, 1.5, 3));
    k.add(at(INT_PARAM, -2, -4));
    k.add(at(LONG_BOOL, 1.5, 4, 1));
    k.add(at(LONG_BOOL, 1.5, 4, 0));
    k.add(at(LONG_BOOL, -0.5, -3, 1));

    k.add(at(F_ARITH, 1.5, -2.25));
    k.add(at(F_ARITH, -0.75, 3.5));
    k.add(at(F_MATH, 1.5, -2.25));
    k.add(at(F_MATH, -0.75, 3.5));
    k.add(at(F_MATH, 2.5, 2.0));
    k.add(at(F_CAST, 0.7));
    k.add(at(F_CAST, -2.1));
    k.add(at(F_MIXED, 1.5, -0.3));
    k.add(at(F_MIXED_F, 1.5, -0.3));
    k.add(at(F_COMPOUND, 1.5, -0.25));
    k.add(at(F_COMPOUND, -2.5, 4));
    k.add(at(F_INC_DEC, 1.25));
    k.add(at(F_INC_DEC, -3.5));
    k.add(at(F_CONST, 1.25));
    k.add(at(F_TO_DOUBLE, -1.75));
    k.add(at(F_DOUBLE_TO_FLOAT, 1.3).noFiniteDifferences("float steps"));
    return k.stream();
  }

  private static Case at(Fn f, double... x) {
    return new Case(f, x);
  }

  @BeforeAll
  static void compile() {
    compiled = RuleHarness.compileClean(Map.of(RuleHarness.PKG + "." + OWNER, RuleHarness.source(OWNER, MEMBERS, FNS)));
  }

  @Test
  void compilesWithoutWarnings() {
    assertTrue(compiled.warnings().isEmpty(), compiled.diagnostics());
  }

  @Test
  void everyMethodHasCases() {
    for (Fn f : FNS) {
      assertTrue(cases().anyMatch(k -> k.fn == f), "no cases for " + f.api);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesHipparchus(Case k) {
    RuleHarness.checkGradient(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(Case k) {
    if (k.finiteDifferences) {
      RuleHarness.checkFiniteDifferences(compiled, k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tangentMatchesHipparchus(Case k) {
    RuleHarness.checkTangent(compiled, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pullbackAccumulatesSeededGradient(Case k) {
    RuleHarness.checkPullback(compiled, k);
  }

  @Test
  void integerDivisionIsZeroWithZeroDerivative() {
    double[] g = RuleHarness.gradient(compiled, INT_DIVISION, new double[] {3.7});
    assertEquals(0.0, g[0], 0.0, "1 / 2 * x is 0 in Java");
    assertEquals(0.0, Math.abs(g[1]), 0.0, "d/dx (1 / 2 * x)");
    assertEquals(0.0, Math.abs(RuleHarness.tangent(compiled, INT_DIVISION, new double[] {3.7}, new double[] {1})), 0.0);
    double[] g2 = RuleHarness.gradient(compiled, INT_MIXED, new double[] {2.0});
    // x*3/2 + 3/2*x + x/2*3 = 1.5x + 1x + 1.5x
    assertEquals(8.0, g2[0], 0.0);
    assertEquals(4.0, g2[1], 0.0);
  }

  @Test
  void castsToIntegerTypesHaveZeroDerivative() {
    assertEquals(0.0, Math.abs(RuleHarness.gradient(compiled, CAST_INT_ONLY, new double[] {0.123})[1]), 0.0);
    // (int) 2.7 + x * (long) 2.7: d/dx = (long) 2.7 = 2, exactly
    assertEquals(2.0, RuleHarness.gradient(compiled, CAST_TO_INT, new double[] {2.7})[1], 0.0);
    // int k = 1; k += x (k = 3 at x = 2.5, a constant); x * k: d/dx = 3, exactly
    assertEquals(3.0, RuleHarness.gradient(compiled, INT_COMPOUND_FROM_DOUBLE, new double[] {2.5})[1], 0.0);
  }

  @Test
  void castBetweenFloatingTypesHasDerivativeOne() {
    // ((double) (float) x) * x: d/dx = 1 * x + (float) x, the first term carried in float
    double x = 1.3;
    assertEquals(x + (float) x, RuleHarness.gradient(compiled, CAST_THROUGH_FLOAT, new double[] {x})[1], 1e-6);
  }

  @Test
  void constantParametersGetNoTangentAndNoSlot() throws Exception {
    Class<?> grad = compiled.load(INT_PARAM.gradCls());
    // The contract's signatures (further overloads, such as ones taking a workspace, may exist).
    exact(grad, "intParamTangent", double.class, double.class, int.class);
    exact(grad, "longBoolTangent", double.class, double.class, long.class, boolean.class);
    exact(grad, "longBoolPullback", double.class, long.class, boolean.class, double.class, double[].class, int.class);
    // No tangent takes a Dot for the int, long or boolean parameters.
    for (Method m : grad.getMethods()) {
      if (m.getName().equals("intParamTangent") || m.getName().equals("longBoolTangent")) {
        long ints = Arrays.stream(m.getParameterTypes()).filter(t -> t == int.class || t == long.class || t == boolean.class).count();
        assertTrue(ints <= (m.getName().equals("intParamTangent") ? 1 : 2), m.toString());
      }
    }
    // One slot only: the pullback touches adj[at] and nothing after it.
    double[] adj = {0, 0, 0};
    RuleHarness.pullback(compiled, LONG_BOOL, new double[] {1.5, 4, 1}, 1.0, adj, 1);
    assertArrayEquals(new double[] {0, -4, 0}, adj, 0.0);
  }

  @Test
  void floatParametersGiveFloatComponentsAndTangents() throws Exception {
    Class<?> grad = compiled.load(F_MIXED.gradCls());
    assertEquals(double.class, exact(grad, "fMixedTangent", float.class, float.class, double.class, double.class).getReturnType());
    assertEquals(float.class, exact(grad, "fArithTangent", float.class, float.class, float.class, float.class).getReturnType());
    assertEquals(float.class, exact(grad, "fArithPullback", float.class, float.class, float.class, double[].class, int.class).getReturnType());
    Object record = exact(grad, "fMixed", float.class, double.class).invoke(null, 1.5f, -0.3);
    assertEquals(float.class, record.getClass().getMethod("dA").getReturnType());
    assertEquals(double.class, record.getClass().getMethod("dX").getReturnType());
    assertEquals(double.class, record.getClass().getMethod("value").getReturnType());
  }

  private static Method exact(Class<?> c, String name, Class<?>... types) {
    try {
      return c.getMethod(name, types);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          "no " + name + Arrays.toString(types) + " in " + c.getName() + "; there are: "
              + Arrays.stream(c.getMethods()).filter(m -> m.getName().startsWith(name)).map(Method::toString).toList(),
          e);
    }
  }
}
