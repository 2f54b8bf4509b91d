package io.eventgate.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The results of a run and the table made of them: per connection count and variant, the median of the
 * rounds, and the ratios to the baseline. A ratio is the median of the per-round ratios: the baseline and
 * each variant are measured one after the other in every round, so a round's ratio is a fair comparison
 * even when the machine's speed drifts between rounds.
 */
final class Report {

  static final double THROUGHPUT_TARGET = 0.70;
  static final double P99_TARGET = 1.5;
  static final double CLUSTERED_TARGET = 0.50;
  static final double METRICS_COST_TARGET = 0.05;
  /** What the access log (on by default) may cost: no more than the noise of one run, in effect. */
  static final double ACCESS_LOG_COST_TARGET = 0.03;

  private final boolean judgeSpeed;
  private final List<Measurement> measurements = new ArrayList<>();
  private final Map<String, Long> fullGcs = new LinkedHashMap<>();

  /** {@code judgeSpeed} false (a smoke run): the speed targets are left out; too short to mean anything. */
  Report(boolean judgeSpeed) {
    this.judgeSpeed = judgeSpeed;
  }

  record Measurement(int connections, String variant, int round, Wrk.Result result) {
  }

  void add(int connections, String variant, int round, Wrk.Result result) {
    measurements.add(new Measurement(connections, variant, round, result));
  }

  void fullGcs(String process, long count) {
    fullGcs.put(process, count);
  }

  long errors() {
    return measurements.stream().mapToLong(m -> m.result.errors()).sum();
  }

  boolean anyEmpty() {
    return measurements.stream().anyMatch(m -> m.result.requests() == 0);
  }

  String table(String heading) {
    StringBuilder out = new StringBuilder(heading).append("\n\n");
    out.append("| connections | variant | req/s | × baseline | p50 ms | p99 ms | p99 × baseline | p99.9 ms | non-2xx"
        + " | errors |\n");
    out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    List<String> targets = new ArrayList<>();
    for (int connections : connectionCounts()) {
      for (String variant : variants()) {
        List<Measurement> rows = of(connections, variant);
        boolean baseline = variant.equals(Variant.BASELINE);
        double throughputRatio = baseline ? 1 : ratio(connections, variant, r -> r.throughput());
        double p99Ratio = baseline ? 1 : ratio(connections, variant, r -> r.p99());
        out.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %s | %.2f | %.2f | %s | %.2f | %d | %d |%n",
            connections, variant, median(rows, Wrk.Result::throughput),
            baseline ? "1" : String.format(Locale.ROOT, "%.2f", throughputRatio),
            median(rows, r -> r.p50()) / 1000, median(rows, r -> r.p99()) / 1000,
            baseline ? "1" : String.format(Locale.ROOT, "%.2f", p99Ratio),
            median(rows, r -> r.p999()) / 1000, rows.stream().mapToLong(m -> m.result.statusErrors()).sum(),
            rows.stream().mapToLong(m -> m.result.errors()).sum()));
        if (variant.equals(Variant.ALL_IN_ONE)) {
          targets.add(target(connections, "all-in-one throughput ≥ " + THROUGHPUT_TARGET + "× baseline",
              throughputRatio >= THROUGHPUT_TARGET, throughputRatio));
          targets.add(target(connections, "all-in-one p99 ≤ " + P99_TARGET + "× baseline", p99Ratio <= P99_TARGET,
              p99Ratio));
        }
        if (variant.equals(Variant.CLUSTERED)) {
          targets.add(target(connections, "clustered throughput ≥ " + CLUSTERED_TARGET + "× baseline",
              throughputRatio >= CLUSTERED_TARGET, throughputRatio));
        }
      }
      if (variants().contains(Variant.ALL_IN_ONE) && variants().contains(Variant.METRICS_OFF)) {
        double cost = 1 - ratioBetween(connections, Variant.ALL_IN_ONE, Variant.METRICS_OFF);
        targets.add(String.format(Locale.ROOT, "- %d connections, metrics cost ≤ %d%% of throughput: %s (%.1f%%)",
            connections, (int) (METRICS_COST_TARGET * 100), cost <= METRICS_COST_TARGET ? "met" : "NOT met",
            cost * 100));
      }
      if (variants().contains(Variant.ALL_IN_ONE) && variants().contains(Variant.ACCESS_LOG)) {
        double cost = 1 - ratioBetween(connections, Variant.ACCESS_LOG, Variant.ALL_IN_ONE);
        targets.add(String.format(Locale.ROOT, "- %d connections, the access log costs ≤ %d%% of throughput: %s"
            + " (%.1f%%, p99 %.2f× of without)", connections, (int) (ACCESS_LOG_COST_TARGET * 100),
            cost <= ACCESS_LOG_COST_TARGET ? "met" : "NOT met", cost * 100,
            ratioOf(connections, Variant.ACCESS_LOG, Variant.ALL_IN_ONE, r -> r.p99())));
      }
      if (variants().contains(Variant.ALL_IN_ONE) && variants().contains(Variant.TRACED)) {
        // Stated, not judged: what an operator pays for turning tracing on with every request sampled.
        targets.add(String.format(Locale.ROOT, "- %d connections, tracing on (every request sampled) costs %.1f%%"
            + " of throughput, p99 %.2f× of tracing off", connections,
            (1 - ratioBetween(connections, Variant.TRACED, Variant.ALL_IN_ONE)) * 100,
            ratioOf(connections, Variant.TRACED, Variant.ALL_IN_ONE, r -> r.p99())));
      }
    }
    if (!judgeSpeed) {
      targets.clear();
      targets.add("- speed targets: not judged in a smoke run");
    }
    long errors = errors();
    targets.add("- zero errors (non-2xx, wrong envelope, socket): " + (errors == 0 ? "met" : "NOT met (" + errors + ")"));
    if (variants().contains(Variant.UNCACHED)) {
      long reused = measurements.stream().mapToLong(m -> m.result.reused()).sum();
      targets.add("- uncached: every request the first use of its session: "
          + (reused == 0 ? "yes" : "NO, " + reused + " reused one (raise --uncached-sessions)"));
    }
    fullGcs.forEach((process, count) -> targets.add("- no full GC in " + process + " (-Xmx512m): "
        + (count == 0 ? "met" : "NOT met (" + count + ")")));
    out.append('\n').append(String.join("\n", targets)).append('\n');
    return out.toString();
  }

  private static String target(int connections, String what, boolean met, double value) {
    return String.format(Locale.ROOT, "- %d connections, %s: %s (%.2f)", connections, what,
        met ? "met" : "NOT met", value);
  }

  /** The median over rounds of variant/baseline, each round's pair measured back to back. */
  private double ratio(int connections, String variant, ToDoubleFunction<Wrk.Result> metric) {
    return ratioOf(connections, variant, Variant.BASELINE, metric);
  }

  private double ratioBetween(int connections, String variant, String reference) {
    return ratioOf(connections, variant, reference, Wrk.Result::throughput);
  }

  private double ratioOf(int connections, String variant, String reference, ToDoubleFunction<Wrk.Result> metric) {
    List<Double> ratios = new ArrayList<>();
    for (Measurement m : of(connections, variant)) {
      of(connections, reference).stream().filter(r -> r.round == m.round).findFirst().ifPresent(r ->
          ratios.add(metric.applyAsDouble(m.result) / metric.applyAsDouble(r.result)));
    }
    return median(ratios);
  }

  private List<Measurement> of(int connections, String variant) {
    return measurements.stream().filter(m -> m.connections == connections && m.variant.equals(variant)).toList();
  }

  private List<Integer> connectionCounts() {
    return measurements.stream().map(Measurement::connections).distinct().toList();
  }

  private List<String> variants() {
    return measurements.stream().map(Measurement::variant).distinct().toList();
  }

  private static double median(List<Measurement> rows, ToDoubleFunction<Wrk.Result> metric) {
    return median(rows.stream().map(m -> metric.applyAsDouble(m.result)).toList());
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
