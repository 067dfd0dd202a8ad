package io.github.chainrule.gradbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The tool's side of GradBench's protocol (CONTRIBUTING.md, "Protocol"): one JSON message per
 * line in, one JSON response per line out, each response written and flushed before the next
 * message is read.
 *
 * <ul>
 *   <li>{@code start}: answers {@code id}, {@code tool} and the warm-up settings as {@code config}.
 *   <li>{@code define}: {@code success} says whether the module is implemented.
 *   <li>{@code evaluate}: warms the function up untimed (see {@link WarmUp}), then runs it at
 *       least {@code min_runs} times (1 if absent) and until the timed runs add up to
 *       {@code min_seconds} (0 if absent), one {@code evaluate} timing in nanoseconds per run;
 *       the output is the last run's. Also reports {@code prepare} (reading the input) and
 *       {@code warmup} (all untimed runs together) timings.
 *   <li>anything else ({@code analysis}, unknown kinds): answers the {@code id} alone.
 * </ul>
 *
 * An unknown module or function, an input of the wrong shape, an exception, and an output with a
 * NaN or an infinity (which JSON cannot carry) are answered {@code success: false} with an
 * {@code error}; the tool keeps going.
 */
public final class GradBenchTool {
  /** The name in the {@code start} response. */
  public static final String NAME = "chainrule";

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, EvalModule> modules;
  private final WarmUp warmUp;
  /** Module, function and input shape of each function already warmed up. */
  private final Set<String> warmed = new HashSet<>();

  /** All modules, with the given warm-up. */
  public GradBenchTool(WarmUp warmUp) {
    this(Modules.all(), warmUp);
  }

  GradBenchTool(Map<String, EvalModule> modules, WarmUp warmUp) {
    this.modules = modules;
    this.warmUp = warmUp;
  }

  /** Answers every line of {@code in} on {@code out} until the end of the input. */
  public void run(BufferedReader in, Writer out) throws IOException {
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) {
        continue;
      }
      out.write(respond(line));
      out.write('\n');
      out.flush();
    }
  }

  /** The response line (without its newline) to one message line. */
  String respond(String line) {
    JsonNode message;
    try {
      message = json.readTree(line);
    } catch (JsonProcessingException e) {
      return failure(null, "not a JSON message: " + e.getOriginalMessage());
    }
    JsonNode id = message == null ? null : message.get("id");
    if (message == null || !message.isObject() || id == null) {
      return failure(id, "a message must be a JSON object with an id");
    }
    try {
      String kind = message.path("kind").asText("");
      switch (kind) {
        case "start":
          return write(start(id));
        case "define":
          return write(define(id, message));
        case "evaluate":
          return write(evaluate(id, message));
        default:
          return write(json.createObjectNode().set("id", id));
      }
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return failure(id, describe(e));
    }
  }

  private ObjectNode start(JsonNode id) {
    ObjectNode response = json.createObjectNode();
    response.set("id", id);
    response.put("tool", NAME);
    ObjectNode config = response.putObject("config");
    config.put("warmup_seconds", warmUp.seconds());
    config.put("warmup_max_runs", warmUp.maxRuns());
    config.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return response;
  }

  private ObjectNode define(JsonNode id, JsonNode message) {
    String module = message.path("module").asText("");
    ObjectNode response = json.createObjectNode();
    response.set("id", id);
    response.put("success", modules.containsKey(module));
    if (!modules.containsKey(module)) {
      response.put("error", "chainrule has no module \"" + module + "\"; it has " + modules.keySet());
    }
    return response;
  }

  private ObjectNode evaluate(JsonNode id, JsonNode message) {
    String moduleName = message.path("module").asText("");
    String function = message.path("function").asText("");
    EvalModule module = modules.get(moduleName);
    if (module == null) {
      return failureNode(id, "chainrule has no module \"" + moduleName + "\"");
    }
    JsonNode input = message.get("input");
    int minRuns = 1;
    double minSeconds = 0;
    if (input != null && input.isObject()) {
      if (input.has("min_runs")) {
        minRuns = Math.max(1, Json.integer(input.get("min_runs"), "min_runs"));
      }
      if (input.has("min_seconds")) {
        minSeconds = Json.number(input.get("min_seconds"), "min_seconds");
      }
    }

    long prepareStart = System.nanoTime();
    EvalModule.Run run = module.prepare(function, input);
    long prepare = System.nanoTime() - prepareStart;

    long warmupNanos = 0;
    String key = moduleName + "::" + function + "::" + shape(input);
    if (warmed.add(key)) {
      warmupNanos = warmUp.run(run);
    }

    ArrayNode timings = json.createArrayNode();
    Object output = null;
    long total = 0;
    long minNanos = (long) Math.min(Long.MAX_VALUE, minSeconds * 1e9);
    for (int runs = 0; runs < minRuns || total < minNanos; runs++) {
      long start = System.nanoTime();
      output = run.run();
      long elapsed = System.nanoTime() - start;
      total += elapsed;
      timings.add(timing("evaluate", elapsed));
    }
    String bad = Outputs.nonFinite(output);
    if (bad != null) {
      return failureNode(id, moduleName + "::" + function + " gave " + bad
          + ", which JSON cannot carry");
    }
    timings.add(timing("prepare", prepare));
    if (warmupNanos > 0) {
      timings.add(timing("warmup", warmupNanos));
    }
    ObjectNode response = json.createObjectNode();
    response.set("id", id);
    response.put("success", true);
    response.set("output", json.valueToTree(output));
    response.set("timings", timings);
    return response;
  }

  /**
   * The sizes of an input, its floating-point values left out: array lengths (and the shape of
   * the first element), integers outside arrays by value (GradBench's sizes: {@code n}, {@code d},
   * {@code k}, {@code m}), other numbers as {@code f}; {@code min_runs} and {@code min_seconds}
   * do not count.
   */
  static String shape(JsonNode node) {
    return shape(node, false);
  }

  private static String shape(JsonNode node, boolean element) {
    if (node == null) {
      return "-";
    }
    if (node.isArray()) {
      return "[" + node.size() + (node.size() > 0 ? ":" + shape(node.get(0), true) : "") + "]";
    }
    if (node.isObject()) {
      StringBuilder s = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("min_runs") && !e.getKey().equals("min_seconds")) {
          s.append(e.getKey()).append('=').append(shape(e.getValue(), false)).append(',');
        }
      }
      return s.append('}').toString();
    }
    if (node.isIntegralNumber() && !element) {
      return node.asText();
    }
    return node.isNumber() ? "f" : node.getNodeType().toString();
  }

  private ObjectNode timing(String name, long nanoseconds) {
    ObjectNode timing = json.createObjectNode();
    timing.put("name", name);
    timing.put("nanoseconds", nanoseconds);
    return timing;
  }

  private ObjectNode failureNode(JsonNode id, String error) {
    ObjectNode response = json.createObjectNode();
    response.set("id", id);
    response.put("success", false);
    response.put("error", error);
    return response;
  }

  private String failure(JsonNode id, String error) {
    return write(failureNode(id, error));
  }

  private String write(ObjectNode response) {
    try {
      return json.writeValueAsString(response);
    } catch (JsonProcessingException e) {
      return "{\"id\":null,\"success\":false,\"error\":\"could not write the response\"}";
    }
  }

  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(e.toString());
    StackTraceElement[] trace = e.getStackTrace();
    for (int i = 0; i < Math.min(5, trace.length); i++) {
      s.append("\n  at ").append(trace[i]);
    }
    return s.toString();
  }
}
