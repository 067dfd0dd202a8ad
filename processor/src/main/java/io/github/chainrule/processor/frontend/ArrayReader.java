package io.github.chainrule.processor.frontend;

import static io.github.chainrule.processor.frontend.ParamAliases.rootName;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import io.github.chainrule.processor.Message;
import io.github.chainrule.processor.ir.Const;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Op;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays written and created: the element an assignment or increment writes (never a
 * parameter's), the store into it, {@code new T[n]}, {@code new T[n][m]} and the initialisers
 * {@code {a, b}} and {@code {{a, b}, {c, d}}}. Reading an element is an expression ({@link
 * ExpressionReader}).
 */
final class ArrayReader {
  private final ReadContext cx;

  ArrayReader(ReadContext cx) {
    this.cx = cx;
  }

  /** An array element being written. */
  record Element(Value array, Value index, Type type, Tree root) {}

  /** The array and index of an element about to be written; the array must not be a parameter's. */
  Element element(ArrayAccessTree e, Env env, List<Stmt> out) {
    String root = rootName(e.getExpression());
    if (root != null && cx.aliases.contains(root)) {
      throw cx.fail(e, Message.PARAM_ARRAY_WRITE, root, root);
    }
    if (root == null || !env.declared.containsKey(root)) {
      throw cx.fail(e, Message.NOT_ASSIGNABLE, e.toString());
    }
    Value array = cx.expressions.expr(e.getExpression(), env, out);
    if (!array.type().isArray()) {
      throw cx.fail(e, Message.BAD_OPERAND, "[]", array.type().javaName());
    }
    Value index = cx.expressions.index(e.getIndex(), env, out);
    return new Element(array, index, array.type().element(), e);
  }

  /** Stores {@code v}, converted to the element type, into {@code place}; returns the stored value. */
  Value storeElement(Element place, Value v, Tree at, List<Stmt> out) {
    if (place.type().isArray()) {
      throw cx.fail(place.root(), Message.UNSUPPORTED_ROW_STORE);
    }
    Value converted = cx.expressions.convert(v, place.type(), at, out);
    Stmt.Store store = new Stmt.Store(place.array(), place.index(), converted, cx.origin);
    cx.storeTrees.put(store, place.root());
    cx.add(out, store);
    return converted;
  }

  /** {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {a, b}}. */
  Value newArray(NewArrayTree t, Env env, List<Stmt> out) {
    if (t.getType() == null) {
      throw cx.fail(t, Message.UNSUPPORTED_ARRAY, "an array initializer without new T[]");
    }
    String elementName = t.getType().toString().replaceAll("\\s+", "");
    int dims = t.getDimensions().size();
    if (t.getInitializers() != null) {
      return arrayInitializer(t, Type.ofJavaName(elementName + "[]"), env, out);
    }
    Type scalar = Type.ofJavaName(elementName);
    Type type = scalar == null ? null : scalar.arrayOf();
    if (dims == 2 && type != null) {
      type = type.arrayOf();
    }
    if (type == null || dims < 1 || dims > 2 || scalar.isArray()) {
      throw cx.fail(t, Message.UNSUPPORTED_ARRAY, "this array creation");
    }
    List<Value> sizes = new ArrayList<>();
    for (ExpressionTree d : t.getDimensions()) {
      sizes.add(cx.expressions.index(d, env, out));
    }
    Op op = dims == 1 ? Op.NEW_ARRAY : Op.NEW_MATRIX;
    return cx.temp(new Expr.Apply(op, type, sizes, false), out);
  }

  /** {@code {a, b, c}} of a one-dimensional array type. */
  Value arrayInitializer(NewArrayTree t, Type type, Env env, List<Stmt> out) {
    if (type != null && type.element().isArray() && !type.element().element().isArray()) {
      return matrixInitializer(t, type, env, out);
    }
    {
      if (type == null || type.element().isArray()) {
        throw cx.fail(t, Message.UNSUPPORTED_ARRAY, "this array initializer");
      }
      List<Value> values = new ArrayList<>();
      for (ExpressionTree init : t.getInitializers()) {
        values.add(cx.expressions.convert(cx.expressions.expr(init, env, out), type.element(), init, out));
      }
      Value array = cx.temp(new Expr.Apply(Op.NEW_ARRAY, type, List.of(Const.of(Type.INT, values.size())), false), out);
      for (int i = 0; i < values.size(); i++) {
        cx.add(out, new Stmt.Store(array, Const.of(Type.INT, i), values.get(i), cx.origin));
      }
      return array;
    }
  }

  /**
   * {@code {{a, b}, {c, d}}}: a rectangular matrix, its elements evaluated row by row as Java
   * does, then stored into a {@code new T[rows][columns]}. Rows of different lengths, or rows
   * that are not initializers ({@code {r, s}} of existing arrays), are not supported.
   */
  private Value matrixInitializer(NewArrayTree t, Type type, Env env, List<Stmt> out) {
    Type element = type.element().element();
    int columns = -1;
    for (ExpressionTree row : t.getInitializers()) {
      if (!(row instanceof NewArrayTree r) || r.getInitializers() == null || !r.getDimensions().isEmpty()) {
        throw cx.fail(row, Message.UNSUPPORTED_ARRAY, "a matrix row that is not an initializer {a, b}");
      }
      if (columns >= 0 && r.getInitializers().size() != columns) {
        throw cx.fail(row, Message.UNSUPPORTED_ARRAY, "a matrix initializer whose rows differ in length");
      }
      columns = r.getInitializers().size();
    }
    columns = Math.max(columns, 0);
    List<List<Value>> values = new ArrayList<>();
    for (ExpressionTree row : t.getInitializers()) {
      List<Value> rowValues = new ArrayList<>();
      for (ExpressionTree init : ((NewArrayTree) row).getInitializers()) {
        rowValues.add(cx.expressions.convert(cx.expressions.expr(init, env, out), element, init, out));
      }
      values.add(rowValues);
    }
    Value matrix =
        cx.temp(
            new Expr.Apply(
                Op.NEW_MATRIX, type, List.of(Const.of(Type.INT, values.size()), Const.of(Type.INT, columns)), false),
            out);
    for (int i = 0; i < values.size(); i++) {
      Value row = cx.temp(new Expr.Apply(Op.LOAD, type.element(), List.of(matrix, Const.of(Type.INT, i)), false), out);
      for (int j = 0; j < columns; j++) {
        cx.add(out, new Stmt.Store(row, Const.of(Type.INT, j), values.get(i).get(j), cx.origin));
      }
    }
    return matrix;
  }
}
