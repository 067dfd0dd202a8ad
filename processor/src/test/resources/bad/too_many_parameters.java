// expect: CR120 method 'f' has too many parameters for its generated code: the pullback needs 259 parameter slots, the gradient record 256 and the tangent 255, and the JVM allows 255 (a double or long takes two); pass some of the values in an array
// expect-column-at: f(
package bad;

import io.github.chainrule.Differentiable;

// 127 doubles (254 slots) compile; the pullback adds a seed, the adjoint block and a tape, the
// record adds the value.
class TooManyParameters {
  @Differentiable
  static double f(double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32, double p33, double p34, double p35, double p36, double p37, double p38, double p39, double p40, double p41, double p42, double p43, double p44, double p45, double p46, double p47, double p48, double p49, double p50, double p51, double p52, double p53, double p54, double p55, double p56, double p57, double p58, double p59, double p60, double p61, double p62, double p63, double p64, double p65, double p66, double p67, double p68, double p69, double p70, double p71, double p72, double p73, double p74, double p75, double p76, double p77, double p78, double p79, double p80, double p81, double p82, double p83, double p84, double p85, double p86, double p87, double p88, double p89, double p90, double p91, double p92, double p93, double p94, double p95, double p96, double p97, double p98, double p99, double p100, double p101, double p102, double p103, double p104, double p105, double p106, double p107, double p108, double p109, double p110, double p111, double p112, double p113, double p114, double p115, double p116, double p117, double p118, double p119, double p120, double p121, double p122, double p123, double p124, double p125, double p126) { // error here
    return p0 * p126;
  }
}
