package io.github.chainrule.gradbench;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the arrays and numbers of an eval's input, with errors that say what is wrong. */
final class Json {
  private Json() {}

  static JsonNode field(JsonNode input, String name) {
    JsonNode value = input == null ? null : input.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("input has no field \"" + name + "\"");
    }
    return value;
  }

  static double number(JsonNode node, String what) {
    if (node == null || !node.isNumber()) {
      throw new IllegalArgumentException(what + " is not a number: " + node);
    }
    return node.doubleValue();
  }

  static int integer(JsonNode node, String what) {
    if (node == null || !node.isNumber() || !node.canConvertToInt()
        || node.doubleValue() != Math.rint(node.doubleValue())) {
      throw new IllegalArgumentException(what + " is not an int: " + node);
    }
    return node.intValue();
  }

  static double[] vector(JsonNode node, String what) {
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(what + " is not an array of numbers");
    }
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = number(node.get(i), what + "[" + i + "]");
    }
    return v;
  }

  static double[][] matrix(JsonNode node, String what) {
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(what + " is not an array of arrays");
    }
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(node.get(i), what + "[" + i + "]");
    }
    return m;
  }
}
