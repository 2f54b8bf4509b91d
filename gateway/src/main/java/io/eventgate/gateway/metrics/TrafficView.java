package io.eventgate.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic view of {@code GET /admin/traffic} (docs/API.md section 10): for this process, per route and
 * in all, requests per second, the shares of 4xx and 5xx answers and the 99th-percentile latency, one point
 * per {@link #INTERVAL} over the last {@link #WINDOW}, read from the request timers of {@link RequestMetrics}
 * — nothing more is recorded per request.
 *
 * <p>A Vert.x timer samples the timers at each interval boundary of the wall clock (so the points of several
 * gateways line up), on the event loop of the verticle that started it, which is also the one that answers
 * {@link #toJson()}: the points need no lock. Memory is bounded by the window: the last {@link #POINTS}
 * points, each with the routes that answered something in it, so a route removed from the registry leaves
 * the view once the window has passed its last request.
 */
public final class TrafficView {

  /** One point per interval; the console charts them as they are. */
  public static final Duration INTERVAL = Duration.ofSeconds(10);
  /** How far back the view goes. */
  public static final Duration WINDOW = Duration.ofMinutes(15);
  static final int POINTS = (int) (WINDOW.toMillis() / INTERVAL.toMillis());

  private static final Logger LOG = LoggerFactory.getLogger(TrafficView.class);

  private final TrafficSampler sampler;
  private final Deque<TrafficPoint> points = new ArrayDeque<>(POINTS);
  /** When the last point ended, or the view started. */
  private Instant previous;

  /**
   * Counts from {@code startedAt} on: what the timers held before is taken as already seen.
   *
   * @param sampler {@code null} when metrics are off
   */
  TrafficView(TrafficSampler sampler, Instant startedAt) {
    this.sampler = sampler;
    this.previous = startedAt;
    if (sampler != null) {
      sampler.sample(startedAt, 0);
    }
  }

  /**
   * Starts sampling on the calling verticle's context (its timer ends with it); with metrics off
   * ({@code registry} null) nothing runs and the view says so.
   */
  public static TrafficView start(Vertx vertx, MeterRegistry registry) {
    Instant now = Instant.now();
    if (registry == null) {
      return new TrafficView(null, now);
    }
    TrafficView traffic = new TrafficView(new TrafficSampler(registry), now);
    long interval = INTERVAL.toMillis();
    long first = interval - now.toEpochMilli() % interval;
    // The first point runs from start-up to a boundary: at least half an interval, so its rate means something.
    if (first < interval / 2) {
      first += interval;
    }
    vertx.setPeriodic(first, interval, id -> traffic.tick(Instant.now()));
    return traffic;
  }

  /**
   * Closes the interval that ends at the boundary nearest {@code now}. A tick that finds that boundary
   * already closed — the timer catching up after the process stalled, or a wall clock set back — does
   * nothing: a later one takes its requests, in a point that covers the whole gap.
   */
  void tick(Instant now) {
    long interval = INTERVAL.toMillis();
    Instant at = Instant.ofEpochMilli(Math.round((double) now.toEpochMilli() / interval) * interval);
    if (!at.isAfter(previous)) {
      return;
    }
    try {
      TrafficPoint point = sampler.sample(at, Duration.between(previous, at).toMillis() / 1000.0);
      previous = at;
      if (points.size() == POINTS) {
        points.removeFirst();
      }
      points.addLast(point);
    } catch (RuntimeException e) {
      LOG.error("traffic sample failed ({})", e.toString());
    }
  }

  /**
   * The view: {@code points} (each interval's end), then {@code totals} and per route the same series, one
   * value per point — in arrays a chart takes as they are.
   */
  public JsonObject toJson() {
    JsonArray at = new JsonArray();
    Series totals = new Series();
    Map<String, Series> routes = new TreeMap<>();
    int index = 0;
    for (TrafficPoint point : points) {
      at.add(new JsonObject().put("at", point.at().toString()));
      totals.add(point.totals(), point.seconds());
      for (Map.Entry<String, IntervalFigures> route : point.routes().entrySet()) {
        routes.computeIfAbsent(route.getKey(), key -> new Series()).set(index, route.getValue(), point.seconds());
      }
      index++;
      for (Series series : routes.values()) {
        series.padTo(index);
      }
    }
    JsonObject byRoute = new JsonObject();
    routes.forEach((route, series) -> byRoute.put(route, series.toJson()));
    return new JsonObject()
        .put("metrics_enabled", sampler != null)
        .put("interval_seconds", INTERVAL.toSeconds())
        .put("window_seconds", WINDOW.toSeconds())
        .put("points", at)
        .put("totals", totals.toJson())
        .put("routes", byRoute);
  }

  /** One route's (or the totals') values, point by point; an interval without requests has no rates. */
  private static final class Series {

    private static final IntervalFigures NOTHING = new IntervalFigures(0, 0, 0, null);

    private final JsonArray requests = new JsonArray();
    private final JsonArray perSecond = new JsonArray();
    private final JsonArray clientErrors = new JsonArray();
    private final JsonArray serverErrors = new JsonArray();
    private final JsonArray p99 = new JsonArray();

    /** Sets the value at {@code index}, the points before it without requests. */
    void set(int index, IntervalFigures figures, double seconds) {
      padTo(index);
      add(figures, seconds);
    }

    void padTo(int size) {
      while (requests.size() < size) {
        add(NOTHING, 1);
      }
    }

    void add(IntervalFigures figures, double seconds) {
      long n = figures.requests();
      requests.add(n);
      perSecond.add(n == 0 ? 0.0 : round(n / seconds, 1000));
      clientErrors.add(n == 0 ? null : round(figures.clientErrors() / (double) n, 10_000));
      serverErrors.add(n == 0 ? null : round(figures.serverErrors() / (double) n, 10_000));
      p99.add(figures.p99Ms() == null ? null : round(figures.p99Ms(), 10));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("requests", requests)
          .put("requests_per_second", perSecond)
          .put("error_rate_4xx", clientErrors)
          .put("error_rate_5xx", serverErrors)
          .put("p99_ms", p99);
    }

    private static double round(double value, int scale) {
      return Math.round(value * scale) / (double) scale;
    }
  }
}
