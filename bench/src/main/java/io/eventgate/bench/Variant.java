package io.eventgate.bench;

import java.util.List;

/** The names of what the benchmark measures, as the report and {@code --variants} spell them. */
final class Variant {

  /**
   * The competent baseline (BaselineServer, {@code pool}): what a careful engineer writes first. The
   * yardstick of every "× baseline" ratio.
   */
  static final String BASELINE = "baseline";
  /** A second JVM identical to {@link #BASELINE}: their ratio is the noise floor of the run (A/A). */
  static final String BASELINE_AA = "baseline-aa";
  /** The tuned baseline (BaselineServer, {@code pipelined}): the same read over pipelined connections. */
  static final String TUNED = "tuned-baseline";
  /** pgbench running the read's SQL alone: the database's own limit. Not an HTTP server. */
  static final String PGBENCH = "pgbench";
  /**
   * The all-in-one JVM with the shipped defaults, as ./run.sh starts it: access log on, metrics on, tracing
   * off. Callers with cached sessions. The row every target is about.
   */
  static final String ALL_IN_ONE = "all-in-one";
  /**
   * A second JVM exactly like {@link #ALL_IN_ONE} that records its own execution samples ({@link CpuProfile}):
   * what the access log, the metrics and tracing cost is read from them. Not the row the targets judge, since
   * the sampler costs the JVM it samples; against {@link #ALL_IN_ONE}, what it costs.
   */
  static final String SAMPLED = "all-in-one-sampled";
  /** The same with ACCESS_LOG=false: against {@link #ALL_IN_ONE}, what the access log costs. */
  static final String ACCESS_LOG_OFF = "access-log-off";
  /** The same with METRICS_ENABLED=false. */
  static final String METRICS_OFF = "metrics-off";
  /**
   * The all-in-one as {@link #ALL_IN_ONE} with TRACING=true: every request sampled, its spans exported over
   * OTLP to {@link OtlpSink}. Against {@link #ALL_IN_ONE}, what tracing on costs.
   */
  static final String TRACED = "traced";
  /** The {@link #SESSIONS_JVM} process; every request is the first use of a new session (nothing cached). */
  static final String UNCACHED = "uncached";
  /**
   * An all-in-one with the shipped defaults, of its own; thousands of sessions sent in turn, so each comes
   * back every few seconds, as real users' would: what the session cache holds under a realistic mix. Not
   * the uncached load's JVM: the hundred thousand one-use sessions that load leaves behind filled the cache
   * to its bound and pushed the mix's sessions out (82% hits beside it, 99.9% alone).
   */
  static final String SESSION_MIX = "session-mix";
  /**
   * The {@link #ALL_IN_ONE} JVM again, measured in turns with {@link #SESSION_MIX} after the rounds: the
   * all-cached figure the mix is judged against. Not chosen with {@code --variants}: it comes with the mix.
   */
  static final String MIX_REFERENCE = "all-in-one-beside-mix";
  /**
   * Measured after the rounds, in turns, not in them: a real mix never stops, and in the rotated rounds its
   * sessions sat unused for minutes between turns, long enough for their cached copies to expire (85% hits
   * in the rounds against 99% when the mix ran on). Their ratios pair them only with each other.
   */
  static final List<String> MIX_PHASE = List.of(SESSION_MIX, MIX_REFERENCE);
  /** One gateway process and one appointments process, clustered over loopback (shipped defaults). */
  static final String CLUSTERED = "clustered";
  /**
   * The same two processes closed as docker-compose.yml closes them: the event bus's mutual TLS on
   * (EVENTBUS_TLS, certificates made by deploy/make-certs.sh) and a caller key shared (CALLER_KEY: the gateway
   * signs every caller, the service checks it). Against {@link #CLUSTERED}, what a closed cluster costs.
   */
  static final String CLUSTERED_TLS = "clustered-tls";

  /**
   * The JVM of the uncached load: an all-in-one with the shipped defaults, of its own, so that the hundreds
   * of thousands of sessions that load leaves in its caches (a bigger heap to keep, its GC's work) weigh on
   * none of the rows the all-in-one is compared with. Not a row itself.
   */
  static final String SESSIONS_JVM = "all-in-one-uncached";
  /** Variants that {@link #SESSIONS_JVM} serves. */
  static final List<String> ON_ALL_IN_ONE = List.of(UNCACHED);

  private Variant() {
  }

  /** The variant whose server {@code variant} is measured against: its own, but for the mix's reference. */
  static String server(String variant) {
    return variant.equals(MIX_REFERENCE) ? ALL_IN_ONE : variant;
  }

  /** Whether the variant is one of the gateway's (not a baseline, not pgbench). */
  static boolean isGateway(String variant) {
    return !List.of(BASELINE, BASELINE_AA, TUNED, PGBENCH).contains(variant);
  }

  /** A variant's row name: what it compares is in the name. */
  static String label(String variant) {
    return switch (variant) {
      case BASELINE -> "baseline (competent: a pool)";
      case BASELINE_AA -> "baseline again (A/A: noise floor)";
      case TUNED -> "tuned baseline (pipelined)";
      case PGBENCH -> "pgbench, the read's SQL alone";
      case ALL_IN_ONE -> "**all-in-one, shipped defaults**";
      case SAMPLED -> "all-in-one, sampling itself (feature costs)";
      case MIX_REFERENCE -> "all-in-one, in turns with the session mix";
      default -> variant;
    };
  }
}
