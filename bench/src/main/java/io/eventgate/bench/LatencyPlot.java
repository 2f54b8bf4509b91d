package io.eventgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fixed-rate latencies as a small SVG: per server, p50, p99 and p99.9 against the offered rate (as a
 * share of the baseline's maximum), latency on a logarithmic scale. Written by hand: a plot library for
 * six lines is more than the picture needs.
 */
final class LatencyPlot {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int LEFT = 60;
  private static final int RIGHT = 170;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;
  private static final double[] PERCENTILES = {50, 99, 99.9};
  private static final String[] DASHES = {"", "6,3", "2,3"};
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  private LatencyPlot() {
  }

  static void write(Path file, List<Report.Latency> latencies, List<String> servers) throws IOException {
    double low = latencies.stream().mapToDouble(l -> l.percentileMillis(50)).min().orElse(0.1);
    double high = latencies.stream().mapToDouble(l -> l.percentileMillis(99.9)).max().orElse(100);
    double minLog = Math.floor(Math.log10(Math.max(0.01, low)));
    double maxLog = Math.ceil(Math.log10(Math.max(high, Math.pow(10, minLog + 1))));
    int minPercent = latencies.stream().mapToInt(Report.Latency::percent).min().orElse(0);
    int maxPercent = latencies.stream().mapToInt(Report.Latency::percent).max().orElse(100);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\">Latency at a fixed rate (from each request's"
        + " intended send time)</text>%n", LEFT));
    for (double exp = minLog; exp <= maxLog; exp++) {
      double y = TOP + plotHeight * (1 - (exp - minLog) / (maxLog - minLog));
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", LEFT, LEFT + plotWidth, y, y, LEFT - 5,
          y + 4, exp >= 0 ? String.valueOf((long) Math.pow(10, exp)) : String.valueOf(Math.pow(10, exp))));
    }
    List<Integer> percents = latencies.stream().map(Report.Latency::percent).distinct().sorted().toList();
    for (int percent : percents) {
      double x = x(percent, minPercent, maxPercent, plotWidth);
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>%n", x,
          HEIGHT - BOTTOM + 18, percent));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">offered rate, share of"
        + " the baseline's maximum throughput</text>%n", LEFT + plotWidth / 2, HEIGHT - 12));
    int legend = 0;
    for (int s = 0; s < servers.size(); s++) {
      String server = servers.get(s);
      for (int p = 0; p < PERCENTILES.length; p++) {
        double percentile = PERCENTILES[p];
        StringBuilder points = new StringBuilder();
        for (Report.Latency l : latencies) {
          if (l.server().equals(server)) {
            double value = Math.max(Math.pow(10, minLog), l.percentileMillis(percentile));
            double y = TOP + plotHeight * (1 - (Math.log10(value) - minLog) / (maxLog - minLog));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(l.percent(), minPercent, maxPercent,
                plotWidth), y));
          }
        }
        String colour = COLOURS[s % COLOURS.length];
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s"
            + " points=\"%s\"/>%n", colour, DASHES[p].isEmpty() ? "" : " stroke-dasharray=\"" + DASHES[p] + "\"",
            points.toString().trim()));
        double ly = TOP + 10 + 18 * legend++;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"2\"%s/><text x=\"%.0f\" y=\"%.1f\">%s p%s</text>%n", WIDTH - RIGHT + 10.0,
            WIDTH - RIGHT + 35.0, ly, ly, colour,
            DASHES[p].isEmpty() ? "" : " stroke-dasharray=\"" + DASHES[p] + "\"", WIDTH - RIGHT + 40.0, ly + 4,
            server, percentile == Math.rint(percentile) ? String.valueOf((int) percentile) : "99.9"));
      }
    }
    svg.append("</svg>\n");
    Files.writeString(file, svg);
  }

  private static double x(int percent, int min, int max, double plotWidth) {
    return LEFT + (max == min ? plotWidth / 2 : plotWidth * (percent - min) / (max - min));
  }
}
