// expect: CR206 method 'f' is too large to differentiate after its early returns are expanded
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

// Each if may return and may fall through, so what follows it is read once per branch:
// 2^17 copies of the tail.
class TooLargeAfterEarlyReturns {
  @Differentiable
  static double f(double x) { // error here
    double y = x;
    if (y > 1) { if (y > 100) return y; y = y * 2; } else { y = y + 1; }
    if (y > 2) { if (y > 200) return y; y = y * 2; } else { y = y + 2; }
    if (y > 3) { if (y > 300) return y; y = y * 2; } else { y = y + 3; }
    if (y > 4) { if (y > 400) return y; y = y * 2; } else { y = y + 4; }
    if (y > 5) { if (y > 500) return y; y = y * 2; } else { y = y + 5; }
    if (y > 6) { if (y > 600) return y; y = y * 2; } else { y = y + 6; }
    if (y > 7) { if (y > 700) return y; y = y * 2; } else { y = y + 7; }
    if (y > 8) { if (y > 800) return y; y = y * 2; } else { y = y + 8; }
    if (y > 9) { if (y > 900) return y; y = y * 2; } else { y = y + 9; }
    if (y > 10) { if (y > 1000) return y; y = y * 2; } else { y = y + 10; }
    if (y > 11) { if (y > 1100) return y; y = y * 2; } else { y = y + 11; }
    if (y > 12) { if (y > 1200) return y; y = y * 2; } else { y = y + 12; }
    if (y > 13) { if (y > 1300) return y; y = y * 2; } else { y = y + 13; }
    if (y > 14) { if (y > 1400) return y; y = y * 2; } else { y = y + 14; }
    if (y > 15) { if (y > 1500) return y; y = y * 2; } else { y = y + 15; }
    if (y > 16) { if (y > 1600) return y; y = y * 2; } else { y = y + 16; }
    if (y > 17) { if (y > 1700) return y; y = y * 2; } else { y = y + 17; }
    return y;
  }
}
