package io.github.chainrule.processor;

/**
 * Every diagnostic the processor reports, with a stable code. Tests assert on these texts; users
 * can search for the code.
 */
public enum Message {
  // ---- Declarations (the annotated method itself) ----
  NOT_STATIC("CR101", "@Differentiable method '%s' must be static: instance methods are not supported yet; make it static and pass what it reads from the instance as parameters"),
  ABSTRACT_METHOD("CR102", "@Differentiable method '%s' has no body to differentiate (abstract or native)"),
  PRIVATE_METHOD("CR103", "@Differentiable method '%s' is private: the generated class %s cannot call it; make it package-private or wider"),
  NESTED_CLASS("CR104", "@Differentiable method '%s' is declared inside the private class %s: the generated class %s cannot call it; make that class package-private or wider"),
  GENERIC_METHOD("CR105", "@Differentiable method '%s' has type parameters: generic methods are not supported"),
  VARARGS_METHOD("CR106", "@Differentiable method '%s' has a variable-arity parameter: use a fixed list of parameters"),
  BAD_RETURN_TYPE("CR107", "@Differentiable method '%s' returns %s: only double and float results are supported (arrays come later)"),
  BAD_PARAM_TYPE("CR108", "parameter '%s' has type %s: supported parameter types are double and float, their arrays double[], double[][], float[], float[][] (differentiable), and int, long, boolean and their arrays (constants)"),
  UNKNOWN_WRT("CR109", "wrt names '%s', which is not a parameter of '%s'; the parameters are: %s"),
  WRT_NOT_DIFFERENTIABLE("CR110", "wrt names '%s', which has type %s: only double and float parameters are differentiable"),
  NO_DIFFERENTIABLE_PARAM("CR111", "@Differentiable method '%s' has no double or float parameter to differentiate with respect to"),
  COMPONENT_CLASH("CR112", "parameters '%s' and '%s' both give the gradient component '%s'; rename one"),
  NO_TREES("CR113", "Chainrule needs the javac Compiler Tree API (com.sun.source) to read method bodies, which this compiler (%s) does not offer; compile with javac"),
  DUPLICATE_WRT("CR114", "wrt names '%s' twice"),
  WRT_NO_DERIVATIVE("CR121", "wrt names '%s', which is marked @NoDerivative: remove it from wrt or drop the annotation"),
  GRAD_CLASS_TAKEN("CR116", "Chainrule generates the class '%s' for this class's @Differentiable methods, but %s already exists; rename that class"),
  STALE_GENERATED_CLASS("CR117", "the generated class '%s' is among this build's sources (%s): it is left over from an earlier build; delete that file (or run mvn clean) and keep generated sources out of the source path"),
  LOCAL_CLASS("CR118", "@Differentiable method '%s' is declared in %s class: methods of local and anonymous classes are never processed; move it to a top-level class"),
  IMPLICIT_CLASS("CR119", "@Differentiable method '%s' is declared in the implicit class of a compact source file, which no other class can name, so the generated class cannot call it; declare the method in a named top-level class"),
  TOO_MANY_PARAMETERS("CR120", "method '%s' has too many parameters for its generated code: the pullback needs %d parameter slots, the gradient record %d and the tangent %d, and the JVM allows 255 (a double or long takes two); pass some of the values in an array"),
  CUSTOM_NO_TARGET("CR122", "@DerivativeOf names the method '%s', but %s has no static method of that name"),
  CUSTOM_SIGNATURE("CR123", "'%s' does not have the signature of a custom %s of %s; expected: %s"),
  CUSTOM_TARGET_TYPE("CR124", "%s cannot have a custom derivative: it must return double or float and take only double, float, int, long, boolean and their arrays (as @Differentiable methods do)"),
  CUSTOM_DUPLICATE("CR125", "%s already has a custom %s, '%s'; keep one"),
  CUSTOM_NO_PULLBACK("CR126", "'%s' is a custom tangent of %s, which has no custom pullback: reverse mode needs one; add a @DerivativeOf method with the pullback's signature"),
  CUSTOM_OTHER_CLASS("CR127", "%s is @Differentiable: its custom derivative must be declared in its own class %s, whose generated class it replaces the derivative in"),
  CUSTOM_MODIFIERS("CR128", "custom derivative '%s' must be a static, non-private method without type parameters or variable arity, which the generated class can call"),
  GENERATED_NAME_CLASH("CR115", "the generated %s '%s' of '%s' would clash with the one of '%s'; rename one of the methods"),

  // ---- Statements ----
  UNSUPPORTED_LOOP("CR201", "%s"),
  UNSUPPORTED_STATEMENT("CR202", "%s is not supported inside @Differentiable methods"),
  UNSUPPORTED_LOCAL_TYPE("CR203", "local variable '%s' has type %s: supported local types are double, float, int, long, boolean, their arrays and two-dimensional arrays (and var with such an initializer)"),
  DISCARDED_VALUE("CR204", "this expression statement has no effect on the result; remove it (only assignments, ++, -- and calls whose arguments assign may stand as statements)"),
  MISSING_INITIALIZER("CR205", "'var' needs an initializer"),
  SWITCH_SELECTOR("CR207", "a switch on %s is not supported inside @Differentiable methods: switch on an int (strings, enums, char, byte, short and boxed values are not supported there)"),
  SWITCH_CASE("CR208", "%s is not supported inside @Differentiable methods: the cases of a switch must be int constants (case 1, 2 ->) or default"),
  SWITCH_MIXED("CR210", "this switch expression gives both %s and float results: Java converts each result to the type of the place it stands in (an int result to double in 'double y = switch ...'), which Chainrule cannot see here; give every case a float (2f) or a double ((double) 2) result"),
  SWITCH_THROW("CR209", "a switch arm that throws is not supported inside @Differentiable methods (throw is not supported); give every case a value, with default"),
  TOO_LARGE("CR206", "method '%s' is too large to differentiate after its early returns are expanded; split it into smaller @Differentiable methods or use fewer early returns"),

  // ---- Expressions ----
  UNSUPPORTED_EXPRESSION("CR301", "%s is not supported inside @Differentiable methods%s"),
  UNSUPPORTED_LITERAL("CR302", "%s literals are not supported inside @Differentiable methods; use numeric and boolean values only"),
  NULL_LITERAL("CR324", "null is supported only as the argument of a call for an array parameter (no array: f(x, null)); here %s"),
  UNKNOWN_NAME("CR303", "cannot resolve '%s': a @Differentiable method may read its parameters, its locals and static final fields"),
  NOT_CONSTANT_FIELD("CR304", "field '%s' is not static final: a @Differentiable method may only read constants; pass the value as a parameter"),
  PRIVATE_FIELD("CR305", "field '%s' is private and not a compile-time constant: the generated class cannot read it; make it package-private or pass the value as a parameter"),
  UNSUPPORTED_FIELD_TYPE("CR306", "field '%s' has type %s: only primitive numeric and boolean constants can be used"),
  BAD_OPERAND("CR307", "operator %s cannot be applied to %s"),
  UNSUPPORTED_OPERATOR("CR308", "operator %s is not supported inside @Differentiable methods%s"),
  NOT_ASSIGNABLE("CR309", "only local variables can be assigned inside @Differentiable methods; '%s' is not one"),
  UNKNOWN_METHOD("CR310", "cannot resolve method '%s' with %d argument(s)"),
  NOT_DIFFERENTIABLE_CALL("CR311", "'%s' has no derivative: it is not @Differentiable, and its argument %d depends on a differentiable parameter; annotate it with @Differentiable, give it a custom derivative (@DerivativeOf), or pass only constants"),
  EXCLUDED_ARGUMENT("CR312", "argument %d of '%s' depends on a differentiable parameter, but '%s' is not differentiable with respect to parameter '%s' (excluded by wrt or not a double/float); the derivative through it would be lost"),
  PRIVATE_CALLEE("CR313", "'%s' is private: the generated class %s cannot call it; make it package-private or wider"),
  INSTANCE_CALLEE("CR314", "'%s' is an instance method: only static methods can be called inside @Differentiable methods"),
  AMBIGUOUS_METHOD("CR315", "call of '%s' is ambiguous"),
  UNSUPPORTED_CALL_TYPE("CR316", "'%s' takes or returns %s, which is not supported inside @Differentiable methods"),
  CALLEE_HAS_ERRORS("CR317", "'%s' gets no generated code because its class %s has errors (reported there), so this call cannot be differentiated either"),
  UNSUPPORTED_CAST("CR318", "cast to %s is not supported; cast only to double, float, int or long"),

  PARAM_ARRAY_WRITE("CR320", "this writes into the array '%s', which is (or may be) a parameter: the generated code never changes the caller's arrays; write into a copy instead (%s.clone() for a double[]; for a double[][], clone each row: a matrix's clone() shares its rows)"),
  UNSUPPORTED_ROW_STORE("CR323", "assigning a whole row of a matrix (m[i] = row) is not supported; write the row's elements one by one"),
  UNSUPPORTED_ARRAY("CR321", "%s is not supported; use new double[n] or new double[n][m] with every dimension given, or an initializer {a, b} or {{a, b}, {c, d}} with rows of one length"),
  UNSUPPORTED_RETURN_ARRAY("CR322", "returning an array is not supported yet: return a double, or write the results into an array parameter's copy"),

  INTERNAL_ERROR("CR900", "internal error in the Chainrule processor while processing '%s': %s. Please report it with the method's source");

  private final String code;
  private final String format;

  Message(String code, String format) {
    this.code = code;
    this.format = format;
  }

  public String code() {
    return code;
  }

  /** The full text: {@code [CR201] loops are not ...}. */
  public String format(Object... args) {
    return "[" + code + "] " + String.format(java.util.Locale.ROOT, format, args);
  }
}
