package io.github.chainrule.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A training loss curve, drawn as a small SVG line chart (epochs across, loss up a logarithmic
 * scale), as people expect from training code: no plotting library needed for one line.
 */
public final class LossCurve implements java.util.function.DoubleConsumer {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private final String title;
  private final List<Double> losses = new ArrayList<>();

  /** @param title the chart's title */
  public LossCurve(String title) {
    this.title = title;
  }

  /** Records the loss after the next epoch (the first value: before training). */
  @Override
  public void accept(double loss) {
    losses.add(loss);
  }

  /** The losses recorded, first to last. */
  public List<Double> losses() {
    return List.copyOf(losses);
  }

  /** The chart as an SVG document. */
  public String toSvg() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double l : losses) {
      if (l > 0 && Double.isFinite(l)) {
        lo = Math.min(lo, l);
        hi = Math.max(hi, l);
      }
    }
    if (lo > hi) {
      lo = 1e-3;
      hi = 1;
    }
    double logLo = Math.floor(Math.log10(lo));
    double logHi = Math.ceil(Math.log10(hi));
    if (logHi <= logLo) {
      logHi = logLo + 1;
    }
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    int epochs = Math.max(1, losses.size() - 1);
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
    b.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append("  <text x=\"").append(WIDTH / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">").append(escape(title)).append("</text>\n");
    // Axes, decades of the loss, and epochs.
    b.append("  <g stroke=\"#999\" stroke-width=\"1\">\n");
    b.append("    <line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotH).append("\" x2=\"").append(LEFT + plotW)
        .append("\" y2=\"").append(TOP + plotH).append("\"/>\n");
    b.append("    <line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
        .append(TOP + plotH).append("\"/>\n");
    b.append("  </g>\n");
    for (double d = logLo; d <= logHi; d++) {
      double y = TOP + plotH * (logHi - d) / (logHi - logLo);
      b.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", LEFT, y, LEFT + plotW, y));
      b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">1e%d</text>%n", LEFT - 6, y + 4, (int) d));
    }
    for (int k = 0; k <= 4; k++) {
      int epoch = Math.round(epochs * k / 4f);
      double x = LEFT + plotW * (double) epoch / epochs;
      b.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%d</text>%n", x, TOP + plotH + 16, epoch));
    }
    b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">epoch</text>%n", LEFT + plotW / 2, HEIGHT - 12));
    b.append(String.format(Locale.ROOT, "  <text x=\"16\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 %d)\">mean loss</text>%n", TOP + plotH / 2, TOP + plotH / 2));
    b.append("  <polyline fill=\"none\" stroke=\"#1f5fa6\" stroke-width=\"2\" points=\"");
    for (int i = 0; i < losses.size(); i++) {
      double l = losses.get(i);
      if (!(l > 0) || !Double.isFinite(l)) {
        continue;
      }
      double x = LEFT + plotW * (double) i / epochs;
      double y = TOP + plotH * (logHi - Math.log10(l)) / (logHi - logLo);
      b.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", x, y));
    }
    b.append("\"/>\n</svg>\n");
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
