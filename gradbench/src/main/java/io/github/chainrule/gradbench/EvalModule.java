package io.github.chainrule.gradbench;

import com.fasterxml.jackson.databind.JsonNode;

/** One GradBench module: turns an {@code evaluate} message's function and input into a run. */
interface EvalModule {

  /** The function run, repeatedly, by the timing loop; its result is the eval's output. */
  @FunctionalInterface
  interface Run {
    /** One evaluation: a {@code Double}, {@code double[]}, {@code double[][]} or a map of them. */
    Object run();
  }

  /** The module's name, as in GradBench's {@code define} message. */
  String name();

  /**
   * Reads the input (untimed) and returns the function to time.
   *
   * @throws IllegalArgumentException for an unknown function or an input of the wrong shape
   */
  Run prepare(String function, JsonNode input);
}
