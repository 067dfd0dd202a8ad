#!/usr/bin/env python3
"""Writes LongModel.java: a 400-statement straight-line model for LongModelBenchmark, whose
primal stays under HotSpot's 8,000-byte limit (so that it is JIT-compiled, as the pullback is).

    python3 benchmarks/tools/long_model.py > benchmarks/src/main/java/io/github/chainrule/benchmarks/LongModel.java
"""
STATEMENTS = 400
POOL = 40
FNS = ["Math.sin", "Math.cos", "Math.tanh"]

out = []
out.append("""package io.github.chainrule.benchmarks;

import io.github.chainrule.Differentiable;

/**
 * A long straight-line model: {@value #STATEMENTS} statements over {@value #POOL} variables, mixing
 * elementary functions, parameter reads, branches and an accumulator. Written by {@code
 * benchmarks/tools/long_model.py}; do not edit by hand.
 */
public final class LongModel {
  public static final int STATEMENTS = %d;
  public static final int POOL = %d;

  private LongModel() {}

  /** The model at parameters {@code p} (length 3) and inputs {@code x}, {@code y}. */
  @Differentiable
  public static double model(double x, double y, double[] p) {
    double acc = 0;""" % (STATEMENTS, POOL))
start = ["x", "y", "x * y", "p[0]", "p[1] + x", "p[2] * y"]
decl = "    " + " ".join("double v%d = %s;" % (i, start[i] if i < len(start) else "0") for i in range(POOL))
out.append(decl)
for k in range(6, STATEMENTS + 6):
    v, p1, p2, p3 = ("v%d" % (j % POOL) for j in (k, k - 1, k - 2, k - 3))
    m = k % 10
    if m == 6:
        s = "%s = %s * 0.99; acc += %s * %s * 0.01;" % (v, p1, v, p2)
    elif m == 7:
        s = "if (%s > %s) { %s = %s * 0.9 + x; } else { %s = Math.cos(%s) - y; }" % (p1, p2, v, p1, v, p2)
    elif m == 8:
        s = "%s = %s * %s * 0.1 + %s * 0.5;" % (v, p1, p1, p3)
    elif m == 9:
        s = "%s = Math.exp(0.01 * %s) - 0.5 * %s;" % (v, p1, p3)
    elif m < 3:
        s = "%s = %s(%s) * 0.3 + %s * p[%d];" % (v, FNS[k % 3], p1, p3, k % 3)
    else:
        s = "%s = %s(%s) * 0.3 + %s;" % (v, FNS[k % 3], p1, p3)
    out.append("    " + s)
out.append("    return acc * 0.01 + v%d;\n  }\n}" % ((STATEMENTS + 5) % POOL))
print("\n".join(out))
