package io.eventgate.bench;

/** The names of what the benchmark measures, as the report and {@code --variants} spell them. */
final class Variant {

  /** The hand-written server (BaselineServer): the yardstick. */
  static final String BASELINE = "baseline";
  /** The all-in-one JVM as ./run.sh starts it (metrics on), callers with cached sessions. */
  static final String ALL_IN_ONE = "all-in-one";
  /** The same with METRICS_ENABLED=false. */
  static final String METRICS_OFF = "metrics-off";
  /**
   * The all-in-one as {@link #ALL_IN_ONE} with TRACING=true: every request sampled, its spans exported over
   * OTLP to {@link OtlpSink}. Against {@link #ALL_IN_ONE}, what tracing on costs.
   */
  static final String TRACED = "traced";
  /**
   * The all-in-one as {@link #ALL_IN_ONE} with ACCESS_LOG=true (the shipped default; the other variants run
   * without it), its lines going to the process's standard output, a file here. Against {@link #ALL_IN_ONE},
   * what the access log costs.
   */
  static final String ACCESS_LOG = "access-log";
  /** The all-in-one where every request is the first use of a new session (nothing cached). */
  static final String UNCACHED = "uncached";
  /** One gateway process and one appointments process, clustered over loopback. */
  static final String CLUSTERED = "clustered";

  private Variant() {
  }
}
