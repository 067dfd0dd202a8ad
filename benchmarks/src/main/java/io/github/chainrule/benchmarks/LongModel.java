package io.github.chainrule.benchmarks;

import io.github.chainrule.Differentiable;

/**
 * A long straight-line model: {@value #STATEMENTS} statements over {@value #POOL} variables, mixing
 * elementary functions, parameter reads, branches and an accumulator. Written by {@code
 * benchmarks/tools/long_model.py}; do not edit by hand.
 */
public final class LongModel {
  public static final int STATEMENTS = 400;
  public static final int POOL = 40;

  private LongModel() {}

  /** The model at parameters {@code p} (length 3) and inputs {@code x}, {@code y}. */
  @Differentiable
  public static double model(double x, double y, double[] p) {
    double acc = 0;
    double v0 = x; double v1 = y; double v2 = x * y; double v3 = p[0]; double v4 = p[1] + x; double v5 = p[2] * y; double v6 = 0; double v7 = 0; double v8 = 0; double v9 = 0; double v10 = 0; double v11 = 0; double v12 = 0; double v13 = 0; double v14 = 0; double v15 = 0; double v16 = 0; double v17 = 0; double v18 = 0; double v19 = 0; double v20 = 0; double v21 = 0; double v22 = 0; double v23 = 0; double v24 = 0; double v25 = 0; double v26 = 0; double v27 = 0; double v28 = 0; double v29 = 0; double v30 = 0; double v31 = 0; double v32 = 0; double v33 = 0; double v34 = 0; double v35 = 0; double v36 = 0; double v37 = 0; double v38 = 0; double v39 = 0;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.cos(v9) * 0.3 + v7 * p[1];
    v11 = Math.tanh(v10) * 0.3 + v8 * p[2];
    v12 = Math.sin(v11) * 0.3 + v9 * p[0];
    v13 = Math.cos(v12) * 0.3 + v10;
    v14 = Math.tanh(v13) * 0.3 + v11;
    v15 = Math.sin(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.tanh(v19) * 0.3 + v17 * p[2];
    v21 = Math.sin(v20) * 0.3 + v18 * p[0];
    v22 = Math.cos(v21) * 0.3 + v19 * p[1];
    v23 = Math.tanh(v22) * 0.3 + v20;
    v24 = Math.sin(v23) * 0.3 + v21;
    v25 = Math.cos(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.sin(v29) * 0.3 + v27 * p[0];
    v31 = Math.cos(v30) * 0.3 + v28 * p[1];
    v32 = Math.tanh(v31) * 0.3 + v29 * p[2];
    v33 = Math.sin(v32) * 0.3 + v30;
    v34 = Math.cos(v33) * 0.3 + v31;
    v35 = Math.tanh(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.cos(v39) * 0.3 + v37 * p[1];
    v1 = Math.tanh(v0) * 0.3 + v38 * p[2];
    v2 = Math.sin(v1) * 0.3 + v39 * p[0];
    v3 = Math.cos(v2) * 0.3 + v0;
    v4 = Math.tanh(v3) * 0.3 + v1;
    v5 = Math.sin(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.tanh(v9) * 0.3 + v7 * p[2];
    v11 = Math.sin(v10) * 0.3 + v8 * p[0];
    v12 = Math.cos(v11) * 0.3 + v9 * p[1];
    v13 = Math.tanh(v12) * 0.3 + v10;
    v14 = Math.sin(v13) * 0.3 + v11;
    v15 = Math.cos(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.sin(v19) * 0.3 + v17 * p[0];
    v21 = Math.cos(v20) * 0.3 + v18 * p[1];
    v22 = Math.tanh(v21) * 0.3 + v19 * p[2];
    v23 = Math.sin(v22) * 0.3 + v20;
    v24 = Math.cos(v23) * 0.3 + v21;
    v25 = Math.tanh(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.cos(v29) * 0.3 + v27 * p[1];
    v31 = Math.tanh(v30) * 0.3 + v28 * p[2];
    v32 = Math.sin(v31) * 0.3 + v29 * p[0];
    v33 = Math.cos(v32) * 0.3 + v30;
    v34 = Math.tanh(v33) * 0.3 + v31;
    v35 = Math.sin(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.tanh(v39) * 0.3 + v37 * p[2];
    v1 = Math.sin(v0) * 0.3 + v38 * p[0];
    v2 = Math.cos(v1) * 0.3 + v39 * p[1];
    v3 = Math.tanh(v2) * 0.3 + v0;
    v4 = Math.sin(v3) * 0.3 + v1;
    v5 = Math.cos(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.sin(v9) * 0.3 + v7 * p[0];
    v11 = Math.cos(v10) * 0.3 + v8 * p[1];
    v12 = Math.tanh(v11) * 0.3 + v9 * p[2];
    v13 = Math.sin(v12) * 0.3 + v10;
    v14 = Math.cos(v13) * 0.3 + v11;
    v15 = Math.tanh(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.cos(v19) * 0.3 + v17 * p[1];
    v21 = Math.tanh(v20) * 0.3 + v18 * p[2];
    v22 = Math.sin(v21) * 0.3 + v19 * p[0];
    v23 = Math.cos(v22) * 0.3 + v20;
    v24 = Math.tanh(v23) * 0.3 + v21;
    v25 = Math.sin(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.tanh(v29) * 0.3 + v27 * p[2];
    v31 = Math.sin(v30) * 0.3 + v28 * p[0];
    v32 = Math.cos(v31) * 0.3 + v29 * p[1];
    v33 = Math.tanh(v32) * 0.3 + v30;
    v34 = Math.sin(v33) * 0.3 + v31;
    v35 = Math.cos(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.sin(v39) * 0.3 + v37 * p[0];
    v1 = Math.cos(v0) * 0.3 + v38 * p[1];
    v2 = Math.tanh(v1) * 0.3 + v39 * p[2];
    v3 = Math.sin(v2) * 0.3 + v0;
    v4 = Math.cos(v3) * 0.3 + v1;
    v5 = Math.tanh(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.cos(v9) * 0.3 + v7 * p[1];
    v11 = Math.tanh(v10) * 0.3 + v8 * p[2];
    v12 = Math.sin(v11) * 0.3 + v9 * p[0];
    v13 = Math.cos(v12) * 0.3 + v10;
    v14 = Math.tanh(v13) * 0.3 + v11;
    v15 = Math.sin(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.tanh(v19) * 0.3 + v17 * p[2];
    v21 = Math.sin(v20) * 0.3 + v18 * p[0];
    v22 = Math.cos(v21) * 0.3 + v19 * p[1];
    v23 = Math.tanh(v22) * 0.3 + v20;
    v24 = Math.sin(v23) * 0.3 + v21;
    v25 = Math.cos(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.sin(v29) * 0.3 + v27 * p[0];
    v31 = Math.cos(v30) * 0.3 + v28 * p[1];
    v32 = Math.tanh(v31) * 0.3 + v29 * p[2];
    v33 = Math.sin(v32) * 0.3 + v30;
    v34 = Math.cos(v33) * 0.3 + v31;
    v35 = Math.tanh(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.cos(v39) * 0.3 + v37 * p[1];
    v1 = Math.tanh(v0) * 0.3 + v38 * p[2];
    v2 = Math.sin(v1) * 0.3 + v39 * p[0];
    v3 = Math.cos(v2) * 0.3 + v0;
    v4 = Math.tanh(v3) * 0.3 + v1;
    v5 = Math.sin(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.tanh(v9) * 0.3 + v7 * p[2];
    v11 = Math.sin(v10) * 0.3 + v8 * p[0];
    v12 = Math.cos(v11) * 0.3 + v9 * p[1];
    v13 = Math.tanh(v12) * 0.3 + v10;
    v14 = Math.sin(v13) * 0.3 + v11;
    v15 = Math.cos(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.sin(v19) * 0.3 + v17 * p[0];
    v21 = Math.cos(v20) * 0.3 + v18 * p[1];
    v22 = Math.tanh(v21) * 0.3 + v19 * p[2];
    v23 = Math.sin(v22) * 0.3 + v20;
    v24 = Math.cos(v23) * 0.3 + v21;
    v25 = Math.tanh(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.cos(v29) * 0.3 + v27 * p[1];
    v31 = Math.tanh(v30) * 0.3 + v28 * p[2];
    v32 = Math.sin(v31) * 0.3 + v29 * p[0];
    v33 = Math.cos(v32) * 0.3 + v30;
    v34 = Math.tanh(v33) * 0.3 + v31;
    v35 = Math.sin(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.tanh(v39) * 0.3 + v37 * p[2];
    v1 = Math.sin(v0) * 0.3 + v38 * p[0];
    v2 = Math.cos(v1) * 0.3 + v39 * p[1];
    v3 = Math.tanh(v2) * 0.3 + v0;
    v4 = Math.sin(v3) * 0.3 + v1;
    v5 = Math.cos(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.sin(v9) * 0.3 + v7 * p[0];
    v11 = Math.cos(v10) * 0.3 + v8 * p[1];
    v12 = Math.tanh(v11) * 0.3 + v9 * p[2];
    v13 = Math.sin(v12) * 0.3 + v10;
    v14 = Math.cos(v13) * 0.3 + v11;
    v15 = Math.tanh(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.cos(v19) * 0.3 + v17 * p[1];
    v21 = Math.tanh(v20) * 0.3 + v18 * p[2];
    v22 = Math.sin(v21) * 0.3 + v19 * p[0];
    v23 = Math.cos(v22) * 0.3 + v20;
    v24 = Math.tanh(v23) * 0.3 + v21;
    v25 = Math.sin(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.tanh(v29) * 0.3 + v27 * p[2];
    v31 = Math.sin(v30) * 0.3 + v28 * p[0];
    v32 = Math.cos(v31) * 0.3 + v29 * p[1];
    v33 = Math.tanh(v32) * 0.3 + v30;
    v34 = Math.sin(v33) * 0.3 + v31;
    v35 = Math.cos(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.sin(v39) * 0.3 + v37 * p[0];
    v1 = Math.cos(v0) * 0.3 + v38 * p[1];
    v2 = Math.tanh(v1) * 0.3 + v39 * p[2];
    v3 = Math.sin(v2) * 0.3 + v0;
    v4 = Math.cos(v3) * 0.3 + v1;
    v5 = Math.tanh(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.cos(v9) * 0.3 + v7 * p[1];
    v11 = Math.tanh(v10) * 0.3 + v8 * p[2];
    v12 = Math.sin(v11) * 0.3 + v9 * p[0];
    v13 = Math.cos(v12) * 0.3 + v10;
    v14 = Math.tanh(v13) * 0.3 + v11;
    v15 = Math.sin(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.tanh(v19) * 0.3 + v17 * p[2];
    v21 = Math.sin(v20) * 0.3 + v18 * p[0];
    v22 = Math.cos(v21) * 0.3 + v19 * p[1];
    v23 = Math.tanh(v22) * 0.3 + v20;
    v24 = Math.sin(v23) * 0.3 + v21;
    v25 = Math.cos(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.sin(v29) * 0.3 + v27 * p[0];
    v31 = Math.cos(v30) * 0.3 + v28 * p[1];
    v32 = Math.tanh(v31) * 0.3 + v29 * p[2];
    v33 = Math.sin(v32) * 0.3 + v30;
    v34 = Math.cos(v33) * 0.3 + v31;
    v35 = Math.tanh(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.cos(v39) * 0.3 + v37 * p[1];
    v1 = Math.tanh(v0) * 0.3 + v38 * p[2];
    v2 = Math.sin(v1) * 0.3 + v39 * p[0];
    v3 = Math.cos(v2) * 0.3 + v0;
    v4 = Math.tanh(v3) * 0.3 + v1;
    v5 = Math.sin(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.tanh(v9) * 0.3 + v7 * p[2];
    v11 = Math.sin(v10) * 0.3 + v8 * p[0];
    v12 = Math.cos(v11) * 0.3 + v9 * p[1];
    v13 = Math.tanh(v12) * 0.3 + v10;
    v14 = Math.sin(v13) * 0.3 + v11;
    v15 = Math.cos(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.sin(v19) * 0.3 + v17 * p[0];
    v21 = Math.cos(v20) * 0.3 + v18 * p[1];
    v22 = Math.tanh(v21) * 0.3 + v19 * p[2];
    v23 = Math.sin(v22) * 0.3 + v20;
    v24 = Math.cos(v23) * 0.3 + v21;
    v25 = Math.tanh(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.cos(v29) * 0.3 + v27 * p[1];
    v31 = Math.tanh(v30) * 0.3 + v28 * p[2];
    v32 = Math.sin(v31) * 0.3 + v29 * p[0];
    v33 = Math.cos(v32) * 0.3 + v30;
    v34 = Math.tanh(v33) * 0.3 + v31;
    v35 = Math.sin(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.tanh(v39) * 0.3 + v37 * p[2];
    v1 = Math.sin(v0) * 0.3 + v38 * p[0];
    v2 = Math.cos(v1) * 0.3 + v39 * p[1];
    v3 = Math.tanh(v2) * 0.3 + v0;
    v4 = Math.sin(v3) * 0.3 + v1;
    v5 = Math.cos(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.sin(v9) * 0.3 + v7 * p[0];
    v11 = Math.cos(v10) * 0.3 + v8 * p[1];
    v12 = Math.tanh(v11) * 0.3 + v9 * p[2];
    v13 = Math.sin(v12) * 0.3 + v10;
    v14 = Math.cos(v13) * 0.3 + v11;
    v15 = Math.tanh(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.cos(v19) * 0.3 + v17 * p[1];
    v21 = Math.tanh(v20) * 0.3 + v18 * p[2];
    v22 = Math.sin(v21) * 0.3 + v19 * p[0];
    v23 = Math.cos(v22) * 0.3 + v20;
    v24 = Math.tanh(v23) * 0.3 + v21;
    v25 = Math.sin(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.tanh(v29) * 0.3 + v27 * p[2];
    v31 = Math.sin(v30) * 0.3 + v28 * p[0];
    v32 = Math.cos(v31) * 0.3 + v29 * p[1];
    v33 = Math.tanh(v32) * 0.3 + v30;
    v34 = Math.sin(v33) * 0.3 + v31;
    v35 = Math.cos(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.sin(v39) * 0.3 + v37 * p[0];
    v1 = Math.cos(v0) * 0.3 + v38 * p[1];
    v2 = Math.tanh(v1) * 0.3 + v39 * p[2];
    v3 = Math.sin(v2) * 0.3 + v0;
    v4 = Math.cos(v3) * 0.3 + v1;
    v5 = Math.tanh(v4) * 0.3 + v2;
    v6 = v5 * 0.99; acc += v6 * v4 * 0.01;
    if (v6 > v5) { v7 = v6 * 0.9 + x; } else { v7 = Math.cos(v5) - y; }
    v8 = v7 * v7 * 0.1 + v5 * 0.5;
    v9 = Math.exp(0.01 * v8) - 0.5 * v6;
    v10 = Math.cos(v9) * 0.3 + v7 * p[1];
    v11 = Math.tanh(v10) * 0.3 + v8 * p[2];
    v12 = Math.sin(v11) * 0.3 + v9 * p[0];
    v13 = Math.cos(v12) * 0.3 + v10;
    v14 = Math.tanh(v13) * 0.3 + v11;
    v15 = Math.sin(v14) * 0.3 + v12;
    v16 = v15 * 0.99; acc += v16 * v14 * 0.01;
    if (v16 > v15) { v17 = v16 * 0.9 + x; } else { v17 = Math.cos(v15) - y; }
    v18 = v17 * v17 * 0.1 + v15 * 0.5;
    v19 = Math.exp(0.01 * v18) - 0.5 * v16;
    v20 = Math.tanh(v19) * 0.3 + v17 * p[2];
    v21 = Math.sin(v20) * 0.3 + v18 * p[0];
    v22 = Math.cos(v21) * 0.3 + v19 * p[1];
    v23 = Math.tanh(v22) * 0.3 + v20;
    v24 = Math.sin(v23) * 0.3 + v21;
    v25 = Math.cos(v24) * 0.3 + v22;
    v26 = v25 * 0.99; acc += v26 * v24 * 0.01;
    if (v26 > v25) { v27 = v26 * 0.9 + x; } else { v27 = Math.cos(v25) - y; }
    v28 = v27 * v27 * 0.1 + v25 * 0.5;
    v29 = Math.exp(0.01 * v28) - 0.5 * v26;
    v30 = Math.sin(v29) * 0.3 + v27 * p[0];
    v31 = Math.cos(v30) * 0.3 + v28 * p[1];
    v32 = Math.tanh(v31) * 0.3 + v29 * p[2];
    v33 = Math.sin(v32) * 0.3 + v30;
    v34 = Math.cos(v33) * 0.3 + v31;
    v35 = Math.tanh(v34) * 0.3 + v32;
    v36 = v35 * 0.99; acc += v36 * v34 * 0.01;
    if (v36 > v35) { v37 = v36 * 0.9 + x; } else { v37 = Math.cos(v35) - y; }
    v38 = v37 * v37 * 0.1 + v35 * 0.5;
    v39 = Math.exp(0.01 * v38) - 0.5 * v36;
    v0 = Math.cos(v39) * 0.3 + v37 * p[1];
    v1 = Math.tanh(v0) * 0.3 + v38 * p[2];
    v2 = Math.sin(v1) * 0.3 + v39 * p[0];
    v3 = Math.cos(v2) * 0.3 + v0;
    v4 = Math.tanh(v3) * 0.3 + v1;
    v5 = Math.sin(v4) * 0.3 + v2;
    return acc * 0.01 + v5;
  }
}
