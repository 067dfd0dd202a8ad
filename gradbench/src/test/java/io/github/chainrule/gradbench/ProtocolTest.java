package io.github.chainrule.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Drives the tool with a session shaped as GradBench's evals send it ({@code session.jsonl}: a
 * {@code start}, a {@code define} of each module, {@code evaluate}s with small inputs,
 * {@code analysis} messages, an unknown module and function, bad inputs) and checks every
 * response line against the protocol.
 */
class ProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Short warm-up: the tests check the protocol, not the speed. */
  private static final WarmUp QUICK = new WarmUp(0.005, 50);

  private static List<String> session() throws IOException {
    try (InputStream in = ProtocolTest.class.getResourceAsStream("/session.jsonl")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.split("\n"));
    }
  }

  private static List<JsonNode> parseLines(String output) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      JsonNode node = JSON.readTree(line); // throws on invalid JSON (NaN, Infinity, garbage)
      assertTrue(node.isObject(), line);
      lines.add(node);
    }
    return lines;
  }

  @Test
  void recordedSessionThroughMain() throws IOException {
    List<String> messages = session();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Main.serve(new ByteArrayInputStream(String.join("\n", messages).getBytes(StandardCharsets.UTF_8)),
        out, QUICK);
    List<JsonNode> responses = parseLines(out.toString(StandardCharsets.UTF_8));
    assertEquals(messages.size(), responses.size(), "one response per message");

    Map<Integer, JsonNode> sent = new HashMap<>();
    for (String m : messages) {
      JsonNode node = JSON.readTree(m);
      sent.put(node.get("id").asInt(), node);
    }
    Set<Integer> failing = Set.of(15, 16, 17, 18, 19, 20);
    for (int i = 0; i < responses.size(); i++) {
      JsonNode message = JSON.readTree(messages.get(i));
      JsonNode response = responses.get(i);
      int id = message.get("id").asInt();
      assertEquals(id, response.get("id").asInt(), "responses in lockstep order");
      String kind = message.get("kind").asText();
      if (kind.equals("start")) {
        assertEquals("chainrule", response.get("tool").asText());
        assertTrue(response.get("config").isObject());
      } else if (kind.equals("analysis")) {
        assertEquals(1, response.size(), "an analysis is answered with the id alone: " + response);
      } else {
        JsonNode success = response.get("success");
        assertNotNull(success, response.toString());
        assertTrue(success.isBoolean());
        if (failing.contains(id)) {
          assertFalse(success.booleanValue(), response.toString());
          assertTrue(response.get("error").isTextual() && !response.get("error").asText().isEmpty());
          assertFalse(response.has("output"));
        } else {
          assertTrue(success.booleanValue(), response.toString());
        }
        if (kind.equals("evaluate") && success.booleanValue()) {
          checkTimings(message.get("input"), response.get("timings"));
          assertTrue(response.has("output"));
        }
      }
    }

    assertEquals(1.0, responses.get(2).get("output").doubleValue());
    assertEquals(2.0, responses.get(4).get("output").doubleValue());
    double[] llsqX = Json.vector(sent.get(7).get("input").get("x"), "x");
    assertEquals(Llsq.primal(llsqX, 16), responses.get(7).get("output").doubleValue());
    assertArrayEquals(Llsq_Grad.primal(llsqX, 16).dX(), Json.vector(responses.get(8).get("output"), "o"));
    double[] lseX = Json.vector(sent.get(10).get("input").get("x"), "x");
    assertEquals(Lse.primal(lseX), responses.get(10).get("output").doubleValue());
    assertArrayEquals(Lse_Grad.primal(lseX).dX(), Json.vector(responses.get(11).get("output"), "o"));
    assertTrue(responses.get(13).get("output").isNumber());
    JsonNode jacobian = responses.get(14).get("output");
    assertEquals(Set.of("alpha", "mu", "q", "l"), fieldNames(jacobian));
    assertEquals(3, jacobian.get("alpha").size());
    assertEquals(3, Json.matrix(jacobian.get("mu"), "mu").length);
    assertEquals(2, Json.matrix(jacobian.get("mu"), "mu")[0].length);
    assertEquals(2, Json.matrix(jacobian.get("q"), "q")[2].length);
    assertEquals(1, Json.matrix(jacobian.get("l"), "l")[1].length);
    assertTrue(responses.get(15).get("error").asText().contains("no module \"ba\""));
    assertTrue(responses.get(17).get("error").asText().contains("no function \"hessian\""));
    assertTrue(responses.get(18).get("error").asText().contains("no field \"n\""));
    assertTrue(responses.get(19).get("error").asText().contains("Infinity"));
  }

  private static void assertArrayEquals(double[] expected, double[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** One {@code evaluate} timing per run: at least {@code min_runs}, adding up to {@code min_seconds}. */
  private static void checkTimings(JsonNode input, JsonNode timings) {
    assertTrue(timings.isArray());
    int evaluate = 0;
    long total = 0;
    for (JsonNode timing : timings) {
      assertTrue(timing.get("name").isTextual());
      assertTrue(timing.get("nanoseconds").isIntegralNumber(), timing.toString());
      assertTrue(timing.get("nanoseconds").longValue() >= 0);
      if (timing.get("name").asText().equals("evaluate")) {
        evaluate++;
        total += timing.get("nanoseconds").longValue();
      }
    }
    int minRuns = input.isObject() ? input.get("min_runs").asInt() : 1;
    double minSeconds = input.isObject() ? input.get("min_seconds").asDouble() : 0;
    assertTrue(evaluate >= minRuns, evaluate + " runs, min_runs " + minRuns);
    assertTrue(total >= minSeconds * 1e9, total + " ns, min_seconds " + minSeconds);
  }

  @Test
  void answersEachMessageBeforeReadingTheNext() throws IOException {
    List<String> messages = session().subList(0, 9);
    StringWriter out = new StringWriter();
    // Hands the tool one line per read, and checks that all earlier lines have been answered.
    Reader lockstep = new Reader() {
      int next = 0;

      @Override
      public int read(char[] buffer, int offset, int length) {
        if (next == messages.size()) {
          return -1;
        }
        long answered = out.toString().chars().filter(c -> c == '\n').count();
        assertEquals(next, answered, "message " + next + " read before the earlier ones were answered");
        String line = messages.get(next++) + "\n";
        line.getChars(0, line.length(), buffer, offset); // lines are shorter than the buffer
        return line.length();
      }

      @Override
      public void close() {}
    };
    new GradBenchTool(QUICK).run(new BufferedReader(lockstep), out);
    assertEquals(messages.size(), parseLines(out.toString()).size());
  }

  @Test
  void warmsUpOncePerFunctionAndShape() throws IOException {
    GradBenchTool tool = new GradBenchTool(new WarmUp(0.001, 10));
    String small = "{\"id\":1,\"kind\":\"evaluate\",\"module\":\"lse\",\"function\":\"gradient\","
        + "\"input\":{\"x\":[1,2,3],\"min_runs\":1,\"min_seconds\":0}}";
    String same = small.replace("[1,2,3]", "[4,5,6]").replace("\"id\":1", "\"id\":2");
    String larger = small.replace("[1,2,3]", "[4,5,6,7]").replace("\"id\":1", "\"id\":3");
    assertTrue(hasTiming(JSON.readTree(tool.respond(small)), "warmup"));
    assertFalse(hasTiming(JSON.readTree(tool.respond(same)), "warmup"));
    assertTrue(hasTiming(JSON.readTree(tool.respond(larger)), "warmup"));
    assertEquals("{x=[3:f],n=16,}", GradBenchTool.shape(
        JSON.readTree("{\"x\":[1,0.5,2],\"n\":16,\"min_runs\":1,\"min_seconds\":1}")));
  }

  private static boolean hasTiming(JsonNode response, String name) {
    assertTrue(response.get("success").asBoolean(), response.toString());
    for (JsonNode timing : response.get("timings")) {
      if (timing.get("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void malformedLinesAreAnsweredNotFatal() throws IOException {
    GradBenchTool tool = new GradBenchTool(QUICK);
    JsonNode garbage = JSON.readTree(tool.respond("not json"));
    assertFalse(garbage.get("success").asBoolean());
    JsonNode noId = JSON.readTree(tool.respond("{\"kind\":\"start\"}"));
    assertFalse(noId.get("success").asBoolean());
    JsonNode unknownKind = JSON.readTree(tool.respond("{\"id\":7,\"kind\":\"shutdown\"}"));
    assertEquals(7, unknownKind.get("id").asInt());
    JsonNode wrongShape = JSON.readTree(tool.respond("{\"id\":8,\"kind\":\"evaluate\",\"module\":\"gmm\","
        + "\"function\":\"objective\",\"input\":{\"d\":2,\"k\":1,\"n\":1,\"m\":0,\"gamma\":1,"
        + "\"alpha\":[0],\"mu\":[[0,0]],\"q\":[[0,0]],\"l\":[[0]],\"x\":[[0,0,0]]}}"));
    assertFalse(wrongShape.get("success").asBoolean());
    assertTrue(wrongShape.get("error").asText().contains("x is not n × d"), wrongShape.toString());
  }
}
