package io.eventgate.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests by route and status with their latency, as one Micrometer timer per pair. The route is the
 * registry's {@code METHOD path} or {@code -}, never the raw path of a request, so a client cannot make
 * the number of series grow.
 */
public final class RequestMetrics {

  /** The timer's name, and its tags: what the traffic view ({@link TrafficView}) reads back. */
  static final String METER = "eventgate.requests";
  static final String ROUTE = "route";
  static final String STATUS = "status";

  /** Metrics switched off. */
  public static final RequestMetrics NONE = new RequestMetrics(null);

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String route, String status, long nanos) {
    if (registry == null) {
      return;
    }
    timers.computeIfAbsent(route + ' ' + status, key -> Timer.builder(METER)
            .description("Requests answered by the gateway, by route and status")
            .tag(ROUTE, route)
            .tag(STATUS, status)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
