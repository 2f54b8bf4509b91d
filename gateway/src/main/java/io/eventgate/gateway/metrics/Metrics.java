package io.eventgate.gateway.metrics;

import io.eventgate.common.config.Settings;
import io.eventgate.common.logging.BatchingConsoleAppender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The Prometheus registry of a process (Vert.x's own figures — HTTP, event bus, pools — and the gateway's
 * request timers), or none when {@code METRICS_ENABLED} is false.
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry;

  private Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public static Metrics from(Settings settings) {
    if (!settings.bool("METRICS_ENABLED")) {
      return new Metrics(null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FunctionCounter.builder("eventgate.access.log.dropped", BatchingConsoleAppender.class,
            appender -> BatchingConsoleAppender.dropped())
        .description("Access-log lines dropped because their writer had fallen behind")
        .register(registry);
    return new Metrics(registry);
  }

  /** A Vert.x instance that reports into this registry (a plain one when metrics are off). */
  public Vertx vertx(VertxOptions options) {
    return builder(options).build();
  }

  /** A builder of such an instance, for a launcher that adds a cluster manager. */
  public VertxBuilder builder(VertxOptions options) {
    if (registry == null) {
      return Vertx.builder().with(options);
    }
    // Vert.x's per-message event-bus counters and gauges halved the read path's throughput in the
    // all-in-one (docs/PERFORMANCE.md); its HTTP server timers and per-connection byte counters say less
    // than the gateway's route × status timer, which times every request forwarded. Pool and JVM figures
    // stay.
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** The registry, or {@code null} when metrics are off. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public RequestMetrics requests() {
    return registry == null ? RequestMetrics.NONE : new RequestMetrics(registry);
  }
}
