package io.eventgate.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the request timers of {@link RequestMetrics} and turns what they recorded since the previous sample
 * into one {@link TrafficPoint}. It keeps only each timer's counts at the previous sample — one entry per
 * timer the meter registry holds, dropped with it — so it costs nothing per request and its memory follows
 * the registry's.
 */
final class TrafficSampler {

  private final MeterRegistry registry;
  private Map<Meter.Id, IntervalLatencies.Cumulative> previous = new HashMap<>();

  TrafficSampler(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * What was answered since the previous call (since each timer was made, for a timer new since then).
   *
   * @param seconds how long since the previous call
   */
  TrafficPoint sample(Instant at, double seconds) {
    Map<Meter.Id, IntervalLatencies.Cumulative> current = new HashMap<>();
    Map<String, IntervalFigures.Tally> routes = new HashMap<>();
    IntervalFigures.Tally totals = new IntervalFigures.Tally();
    for (Timer timer : registry.find(RequestMetrics.METER).timers()) {
      Meter.Id id = timer.getId();
      IntervalLatencies.Cumulative before = previous.get(id);
      if (before != null && before.total() == timer.count()) {
        current.put(id, before); // idle: no snapshot to take
        continue;
      }
      IntervalLatencies.Cumulative after = IntervalLatencies.Cumulative.of(timer.takeSnapshot());
      current.put(id, after);
      IntervalLatencies interval = IntervalLatencies.between(
          before != null ? before : IntervalLatencies.Cumulative.none(after.boundsMs()), after);
      String status = id.getTag(RequestMetrics.STATUS);
      routes.computeIfAbsent(id.getTag(RequestMetrics.ROUTE), route -> new IntervalFigures.Tally())
          .add(status, interval);
      totals.add(status, interval);
    }
    previous = current;
    Map<String, IntervalFigures> figures = new HashMap<>();
    routes.forEach((route, tally) -> {
      IntervalFigures routeFigures = tally.figures();
      if (routeFigures.requests() > 0) {
        figures.put(route, routeFigures);
      }
    });
    return new TrafficPoint(at, seconds, totals.figures(), Map.copyOf(figures));
  }
}
