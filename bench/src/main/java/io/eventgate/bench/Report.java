package io.eventgate.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The results of a run and the table made of them: per connection count and variant, the median of the
 * rounds, the ratios to the baselines and to pgbench, the CPU each request cost each process, then the
 * fixed-rate latencies and the targets with their verdicts. A ratio is the median of the per-round
 * ratios, printed with their minimum and maximum: every variant is measured once in every round, so a
 * round's ratio compares measurements taken minutes apart at most, even when the machine's speed drifts.
 */
final class Report {

  // The targets of the performance issue (64 connections, medians of rotated rounds in one run).
  static final double VS_BASELINE_TARGET = 1.2;
  static final double VS_TUNED_TARGET = 0.95;
  static final double VS_PGBENCH_TARGET = 0.6;
  static final double ACCESS_LOG_COST_TARGET = 0.03;
  static final double METRICS_COST_TARGET = 0.05;
  static final double TRACING_OFF_TARGET = 0.02;
  static final int FIXED_RATE_JUDGED_PERCENT = 75;
  static final double FIXED_RATE_P99_TARGET = 1.3;
  static final double SESSION_MIX_TARGET = 0.9;
  static final double CLUSTERED_TARGET = 0.8;

  private final boolean judgeSpeed;
  private final int mixSessions;
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<Latency> latencies = new ArrayList<>();
  private final Map<String, Long> fullGcs = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  /** The execution samples of the all-in-one that samples itself, under load, when they could be read. */
  private CpuProfile.Shares shares;

  /** {@code judgeSpeed} false (a smoke run): the speed targets are left out; too short to mean anything. */
  Report(boolean judgeSpeed, int mixSessions) {
    this.judgeSpeed = judgeSpeed;
    this.mixSessions = mixSessions;
  }

  /** CPU per request, in µs, over one round: NaN where it could not be read (a PG_URL elsewhere). */
  record Cpu(double load, double jvm, double postgres, double machine) {
  }

  /**
   * One variant in one round: wrk's (or pgbench's) result, the CPU per request, the answers sampled and
   * checked beside it, and for the session mix the session cache's hit rate.
   */
  record Measurement(int connections, String variant, int round, Wrk.Result result, Cpu cpu, long sampled,
                     long sampledWrong, double sessionHitRate) {

    long errors() {
      return result.errors() + sampledWrong;
    }
  }

  /**
   * The fixed-rate runs at {@code percent} of the baseline's maximum against {@code server}, one per pass:
   * a percentile is the median of the passes' (a stall of the shared machine during one pass of seconds
   * moves one pass's tail, not the figure), the maximum the largest seen.
   */
  record Latency(int percent, String server, List<FixedRate.Result> passes) {

    double rate() {
      return passes.get(0).rate();
    }

    double achieved() {
      return passes.stream().mapToDouble(FixedRate.Result::achieved).average().orElse(Double.NaN);
    }

    double percentileMillis(double percentile) {
      return median(passes.stream().map(r -> r.percentileMillis(percentile)).toList());
    }

    double maxMillis() {
      return passes.stream().mapToDouble(FixedRate.Result::maxMillis).max().orElse(Double.NaN);
    }

    long errors() {
      return passes.stream().mapToLong(FixedRate.Result::errors).sum();
    }
  }

  void add(Measurement measurement) {
    measurements.add(measurement);
  }

  /** One more pass at {@code percent} against {@code server}. */
  void latency(int percent, String server, FixedRate.Result result) {
    Latency known = latency(percent, server);
    if (known == null) {
      latencies.add(new Latency(percent, server, new ArrayList<>(List.of(result))));
    } else {
      known.passes().add(result);
    }
  }

  List<Latency> latencies() {
    return latencies;
  }

  void shares(CpuProfile.Shares shares) {
    this.shares = shares;
  }

  void fullGcs(String process, long count) {
    fullGcs.put(process, count);
  }

  /** A line printed under the table (what was skipped, and why). */
  void note(String line) {
    notes.add(line);
  }

  long errors() {
    return measurements.stream().mapToLong(Measurement::errors).sum()
        + latencies.stream().mapToLong(Latency::errors).sum();
  }

  boolean anyEmpty() {
    return measurements.stream().anyMatch(m -> m.result.requests() == 0);
  }

  /** The median throughput of {@code variant} at the first connection count: what fixed rates scale from. */
  double medianThroughput(String variant) {
    return median(of(connectionCounts().get(0), variant), Wrk.Result::throughput);
  }

  String table(String heading) {
    StringBuilder out = new StringBuilder(heading).append("\n\n");
    out.append("| connections | variant | req/s | × baseline | × tuned baseline | × pgbench | p50 ms | p99 ms"
        + " | p99.9 ms | CPU µs/req: wrk or pgbench | JVM | PostgreSQL | machine | answers checked | errors |\n");
    out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    List<String> lines = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (int connections : connectionCounts()) {
      for (String variant : variants()) {
        List<Measurement> rows = of(connections, variant);
        out.append(String.format(Locale.ROOT,
            "| %d | %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %,d | %d |%n",
            connections, Variant.label(variant), median(rows, Wrk.Result::throughput),
            ratioCell(connections, variant, Variant.BASELINE), ratioCell(connections, variant, Variant.TUNED),
            ratioCell(connections, variant, Variant.PGBENCH),
            millis(median(rows, r -> r.p50())), millis(median(rows, r -> r.p99())),
            millis(median(rows, r -> r.p999())),
            micros(medianOf(rows, m -> m.cpu.load())), micros(medianOf(rows, m -> m.cpu.jvm())),
            micros(medianOf(rows, m -> m.cpu.postgres())), micros(medianOf(rows, m -> m.cpu.machine())),
            rows.stream().mapToLong(Measurement::sampled).sum(),
            rows.stream().mapToLong(Measurement::errors).sum()));
      }
      describe(connections, lines);
      judge(connections, targets);
    }
    if (!latencies.isEmpty()) {
      out.append(String.format(Locale.ROOT, "%nFixed rate (open loop; latency from each request's intended send time,"
          + " so queueing shows; each percentile the median of %d passes, the two servers taking turns):%n%n",
          latencies.get(0).passes().size()));
      out.append("| % of baseline max | rate req/s | server | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms"
          + " | errors |\n| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Latency l : latencies) {
        out.append(String.format(Locale.ROOT, "| %d%% | %,.0f | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %d |%n",
            l.percent, l.rate(), l.server, l.achieved(), l.percentileMillis(50), l.percentileMillis(99),
            l.percentileMillis(99.9), l.maxMillis(), l.errors()));
      }
    }
    if (!judgeSpeed) {
      targets.clear();
      targets.add("- speed targets: not judged in a smoke run");
    }
    long errors = errors();
    targets.add("- zero errors (non-2xx, wrong envelope, wrong id or view keys, socket): "
        + (errors == 0 ? "met" : "NOT met (" + errors + ")"));
    if (variants().contains(Variant.UNCACHED)) {
      long reused = measurements.stream().mapToLong(m -> m.result.reused()).sum();
      targets.add("- uncached: every request the first use of its session: "
          + (reused == 0 ? "yes" : "NO, " + reused + " reused one (raise --uncached-sessions)"));
    }
    fullGcs.forEach((process, count) -> targets.add("- no full GC in " + process + " (-Xmx512m): "
        + (count == 0 ? "met" : "NOT met (" + count + ")")));
    if (!lines.isEmpty() || !notes.isEmpty()) {
      out.append('\n');
      lines.forEach(line -> out.append(line).append('\n'));
      notes.forEach(line -> out.append("- ").append(line).append('\n'));
    }
    out.append("\nTargets:\n\n").append(String.join("\n", targets)).append('\n');
    return out.toString();
  }

  /** Figures that are stated, not judged: the noise floor, the session mix's hit rate, what tracing and TLS cost. */
  private void describe(int connections, List<String> lines) {
    if (has(Variant.BASELINE_AA)) {
      lines.add(String.format(Locale.ROOT, "- %d connections, noise floor (A/A: two identical baseline JVMs): %s;"
          + " a difference smaller than this spread is not a difference", connections,
          ratioText(connections, Variant.BASELINE_AA, Variant.BASELINE, Wrk.Result::throughput)));
    }
    if (has(Variant.SESSION_MIX)) {
      List<Measurement> mix = of(connections, Variant.SESSION_MIX);
      double rate = median(mix, Wrk.Result::throughput);
      double hits = medianOf(mix, Measurement::sessionHitRate);
      lines.add(String.format(Locale.ROOT, "- %d connections, session mix (after the rounds, in turns with the"
              + " all-in-one, so that it never stops for minutes as no real mix does): each session comes back every"
              + " %.1f s (sessions ÷ req/s); session cache hit rate %s (min–max %s–%s), from PostgreSQL's count of"
              + " session look-ups", connections, mixSessions / rate, percent(hits),
          percent(mix.stream().mapToDouble(Measurement::sessionHitRate).min().orElse(Double.NaN)),
          percent(mix.stream().mapToDouble(Measurement::sessionHitRate).max().orElse(Double.NaN))));
    }
    if (has(Variant.SAMPLED) && has(Variant.ALL_IN_ONE)) {
      lines.add(String.format(Locale.ROOT, "- %d connections, the all-in-one sampling itself (10 ms execution"
          + " samples, read for the features' costs) against the same without: %s", connections,
          ratioText(connections, Variant.SAMPLED, Variant.ALL_IN_ONE, Wrk.Result::throughput)));
    }
    if (has(Variant.TRACED) && has(Variant.ALL_IN_ONE)) {
      lines.add(String.format(Locale.ROOT, "- %d connections, tracing on (every request sampled) costs %.1f%% of"
              + " throughput, p99 %.2f× of tracing off", connections,
          (1 - ratio(connections, Variant.TRACED, Variant.ALL_IN_ONE, Wrk.Result::throughput)) * 100,
          ratio(connections, Variant.TRACED, Variant.ALL_IN_ONE, r -> r.p99())));
    }
    if (has(Variant.CLUSTERED_TLS) && has(Variant.CLUSTERED)) {
      // Stated, not judged: what a closed cluster costs is a fact to weigh, not a target to meet.
      lines.add(String.format(Locale.ROOT, "- %d connections, the event bus's mutual TLS (clustered-tls ÷ clustered)"
              + " costs %.1f%% of throughput (ratio %s), p99 %.2f× of TLS off", connections,
          (1 - ratio(connections, Variant.CLUSTERED_TLS, Variant.CLUSTERED, Wrk.Result::throughput)) * 100,
          ratioText(connections, Variant.CLUSTERED_TLS, Variant.CLUSTERED, Wrk.Result::throughput),
          ratio(connections, Variant.CLUSTERED_TLS, Variant.CLUSTERED, r -> r.p99())));
    }
  }

  private void judge(int connections, List<String> targets) {
    if (!has(Variant.ALL_IN_ONE)) {
      return;
    }
    String shipped = "all-in-one (shipped defaults)";
    judgeRatio(targets, connections, shipped + " ≥ " + VS_BASELINE_TARGET + "× the competent baseline",
        Variant.ALL_IN_ONE, Variant.BASELINE, VS_BASELINE_TARGET);
    judgeRatio(targets, connections, shipped + " ≥ " + VS_TUNED_TARGET + "× the tuned baseline",
        Variant.ALL_IN_ONE, Variant.TUNED, VS_TUNED_TARGET);
    judgeRatio(targets, connections, shipped + " ≥ " + VS_PGBENCH_TARGET + "× pgbench of the read's SQL",
        Variant.ALL_IN_ONE, Variant.PGBENCH, VS_PGBENCH_TARGET);
    judgeCost(targets, connections, "the access log costs", ACCESS_LOG_COST_TARGET, Variant.ACCESS_LOG_OFF,
        shares == null ? Double.NaN : shares.accessLogShare());
    judgeCost(targets, connections, "metrics cost", METRICS_COST_TARGET, Variant.METRICS_OFF,
        shares == null ? Double.NaN : shares.metricsShare());
    if (shares == null) {
      targets.add(String.format(Locale.ROOT, "- %d connections, tracing off costs ≤ %s: not measured (no"
          + " execution samples; off, no tracer exists and no stage is wrapped)", connections,
          pct(TRACING_OFF_TARGET)));
    } else {
      judgeCost(targets, connections, "tracing off costs", TRACING_OFF_TARGET, null, shares.tracingShare());
    }
    if (has(Variant.SESSION_MIX)) {
      judgeRatio(targets, connections, "session mix ≥ " + SESSION_MIX_TARGET + "× the all-cached all-in-one",
          Variant.SESSION_MIX, Variant.MIX_REFERENCE, SESSION_MIX_TARGET);
    }
    if (has(Variant.CLUSTERED)) {
      judgeRatio(targets, connections, "clustered ≥ " + CLUSTERED_TARGET + "× the all-in-one",
          Variant.CLUSTERED, Variant.ALL_IN_ONE, CLUSTERED_TARGET);
    }
    if (connections == connectionCounts().get(0)) {
      Latency baseline = latency(FIXED_RATE_JUDGED_PERCENT, Variant.BASELINE);
      Latency gateway = latency(FIXED_RATE_JUDGED_PERCENT, Variant.ALL_IN_ONE);
      if (baseline != null && gateway != null) {
        double ratio = gateway.percentileMillis(99) / baseline.percentileMillis(99);
        targets.add(verdict(connections, "at " + FIXED_RATE_JUDGED_PERCENT + "% of the baseline's maximum rate,"
                + " all-in-one p99 ≤ " + FIXED_RATE_P99_TARGET + "× the baseline's", ratio <= FIXED_RATE_P99_TARGET,
            String.format(Locale.ROOT, "%.2f×: %.2f ms against %.2f ms", ratio, gateway.percentileMillis(99),
                baseline.percentileMillis(99))));
      }
    }
  }

  /**
   * A feature's cost, judged by its share of the machine's CPU per request in the samples of a JVM with the
   * shipped defaults ({@link Variant#SAMPLED})
   * ({@link CpuProfile}: the JVM's share × its µs per request ÷ the machine's); the throughput of another JVM
   * with the feature off is printed beside it, but the A/A pair shows that comparison to be too coarse for a
   * few percent. Without samples (no JDK tools), the throughput comparison is all there is and decides.
   */
  private void judgeCost(List<String> targets, int connections, String what, double target, String off,
      double jvmShare) {
    boolean offMeasured = off != null && has(off);
    if (!offMeasured && Double.isNaN(jvmShare)) {
      return;
    }
    List<Measurement> shipped = of(connections, Variant.SAMPLED);
    double jvm = medianOf(shipped, m -> m.cpu.jvm());
    double machine = medianOf(shipped, m -> m.cpu.machine());
    double byCpu = jvmShare * jvm / machine;
    List<Double> perRound = offMeasured ? ratios(connections, Variant.ALL_IN_ONE, off, Wrk.Result::throughput)
        : List.of();
    String throughput = offMeasured ? String.format(Locale.ROOT, "%.1f%% of throughput against a JVM with it off,"
            + " per round %.1f%% to %.1f%%", (1 - ratio(connections, Variant.ALL_IN_ONE, off,
            Wrk.Result::throughput)) * 100, (1 - perRound.stream().mapToDouble(r -> r).max().orElse(Double.NaN)) * 100,
        (1 - perRound.stream().mapToDouble(r -> r).min().orElse(Double.NaN)) * 100)
        : off == null ? "nothing to compare it with: tracing cannot be taken out" : "no JVM with it off in this run";
    if (Double.isNaN(byCpu)) {
      if (!offMeasured) {
        targets.add(String.format(Locale.ROOT, "- %d connections, %s ≤ %s of throughput: not measured (no CPU"
            + " figures from /proc)", connections, what, pct(target)));
        return;
      }
      double cost = 1 - ratio(connections, Variant.ALL_IN_ONE, off, Wrk.Result::throughput);
      targets.add(verdict(connections, what + " ≤ " + pct(target) + " of throughput", cost <= target, throughput));
      return;
    }
    targets.add(verdict(connections, what + " ≤ " + pct(target) + " of throughput", byCpu <= target,
        String.format(Locale.ROOT, "%.1f%% of the machine's CPU per request: %.1f%% of the sampling JVM's %,d"
            + " execution samples × its %.0f µs ÷ the machine's %.0f µs; %s", byCpu * 100, jvmShare * 100,
            shares.samples(), jvm, machine, throughput)));
  }

  private void judgeRatio(List<String> targets, int connections, String what, String variant, String reference,
      double target) {
    if (!has(variant) || !has(reference)) {
      return;
    }
    double ratio = ratio(connections, variant, reference, Wrk.Result::throughput);
    List<Double> ratios = ratios(connections, variant, reference, Wrk.Result::throughput);
    targets.add(verdict(connections, what, ratio >= target,
        String.format(Locale.ROOT, "%.2f; per round %s", ratio, range(ratios))));
  }

  private static String verdict(int connections, String what, boolean met, String value) {
    return String.format(Locale.ROOT, "- %d connections, %s: %s (%s)", connections, what, met ? "met" : "NOT met",
        value);
  }

  private Latency latency(int percent, String server) {
    return latencies.stream().filter(l -> l.percent == percent && l.server.equals(server)).findFirst().orElse(null);
  }

  /** The table's cell for variant ÷ reference: the median of per-round ratios and their range. */
  private String ratioCell(int connections, String variant, String reference) {
    if (variant.equals(reference)) {
      return "1";
    }
    if (!has(reference)) {
      return "";
    }
    if (ratios(connections, variant, reference, Wrk.Result::throughput).isEmpty()) {
      return "—";
    }
    return ratioText(connections, variant, reference, Wrk.Result::throughput);
  }

  private String ratioText(int connections, String variant, String reference, ToDoubleFunction<Wrk.Result> metric) {
    List<Double> ratios = ratios(connections, variant, reference, metric);
    return String.format(Locale.ROOT, "%.2f (%s)", median(ratios), range(ratios));
  }

  private double ratio(int connections, String variant, String reference, ToDoubleFunction<Wrk.Result> metric) {
    return median(ratios(connections, variant, reference, metric));
  }

  /**
   * variant/reference in every round where both were measured; the mix's turns after the rounds
   * ({@link Variant#MIX_PHASE}) pair only with each other.
   */
  private List<Double> ratios(int connections, String variant, String reference, ToDoubleFunction<Wrk.Result> metric) {
    List<Double> ratios = new ArrayList<>();
    if (Variant.MIX_PHASE.contains(variant) != Variant.MIX_PHASE.contains(reference)) {
      return ratios;
    }
    for (Measurement m : of(connections, variant)) {
      of(connections, reference).stream().filter(r -> r.round == m.round).findFirst().ifPresent(r ->
          ratios.add(metric.applyAsDouble(m.result) / metric.applyAsDouble(r.result)));
    }
    return ratios;
  }

  private static String range(List<Double> values) {
    return values.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f–%.2f",
        values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
  }

  private boolean has(String variant) {
    return variants().contains(variant);
  }

  private List<Measurement> of(int connections, String variant) {
    return measurements.stream().filter(m -> m.connections == connections && m.variant.equals(variant)).toList();
  }

  private List<Integer> connectionCounts() {
    return measurements.stream().map(Measurement::connections).distinct().toList();
  }

  /** The variants measured, in the table's order: the mix's reference right after the mix. */
  private List<String> variants() {
    return BenchOptions.ALL_VARIANTS.stream()
        .flatMap(v -> v.equals(Variant.SESSION_MIX) ? Variant.MIX_PHASE.stream() : Stream.of(v))
        .filter(v -> measurements.stream().anyMatch(m -> m.variant.equals(v))).toList();
  }

  private static String millis(double micros) {
    return micros < 0 || Double.isNaN(micros) ? "—" : String.format(Locale.ROOT, "%.2f", micros / 1000);
  }

  private static String micros(double value) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%d%%", Math.round(fraction * 100));
  }

  private static double median(List<Measurement> rows, ToDoubleFunction<Wrk.Result> metric) {
    return median(rows.stream().map(m -> metric.applyAsDouble(m.result)).toList());
  }

  private static double medianOf(List<Measurement> rows, ToDoubleFunction<Measurement> metric) {
    return median(rows.stream().map(metric::applyAsDouble).filter(v -> !Double.isNaN(v)).toList());
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
