package io.eventgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The traffic view over a real meter registry and the gateway's own request timers, interval by interval. */
class TrafficViewTest {

  private static final String READ = "POST /api/v1/appointments/read";
  private static final String LOGIN = "POST /api/v1/users/login";
  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestMetrics requests = new RequestMetrics(registry);
  private TrafficView traffic = new TrafficView(new TrafficSampler(registry), START);
  private int ticks;

  @Test
  void eachPointHoldsWhatItsIntervalAnswered() {
    requests.record(READ, "action-successful", ms(3));
    tick();
    assertThat(view().getJsonObject("routes").getJsonObject(READ).getJsonArray("requests")).containsExactly(1L);

    for (int i = 0; i < 6; i++) {
      requests.record(READ, "action-successful", ms(4));
    }
    requests.record(READ, "invalid-param", ms(2));
    requests.record(READ, "invalid-token", ms(2));
    requests.record(READ, "application-crash", ms(700));
    requests.record(READ, "service-timeout", ms(5000));
    tick();

    JsonObject view = view();
    assertThat(view.getBoolean("metrics_enabled")).isTrue();
    assertThat(view.getLong("interval_seconds")).isEqualTo(10);
    assertThat(view.getLong("window_seconds")).isEqualTo(900);
    assertThat(view.getJsonArray("points")).containsExactly(new JsonObject().put("at", "2026-11-30T12:00:10Z"),
        new JsonObject().put("at", "2026-11-30T12:00:20Z"));
    JsonObject read = view.getJsonObject("routes").getJsonObject(READ);
    assertThat(read.getJsonArray("requests")).containsExactly(1L, 10L);
    assertThat(read.getJsonArray("requests_per_second")).containsExactly(0.1, 1.0);
    assertThat(read.getJsonArray("error_rate_4xx")).containsExactly(0.0, 0.2);
    assertThat(read.getJsonArray("error_rate_5xx")).containsExactly(0.0, 0.2);
    assertThat(read.getJsonArray("p99_ms").getDouble(0)).isBetween(2.0, 4.2);
    // The 99th of 10 latencies is in the slowest one's bucket (5000 ms), not the 3 ms of the interval before.
    assertThat(read.getJsonArray("p99_ms").getDouble(1)).isBetween(4000.0, 5800.0);
    assertThat(view.getJsonObject("totals")).isEqualTo(read);
  }

  @Test
  void whatTheTimersHeldBeforeTheViewStartedIsNotCounted() {
    requests.record(READ, "action-successful", ms(3));
    traffic = new TrafficView(new TrafficSampler(registry), START.plusSeconds(4));
    requests.record(LOGIN, "action-successful", ms(3));
    requests.record(LOGIN, "action-successful", ms(3));
    requests.record(LOGIN, "action-successful", ms(3));
    tick();

    JsonObject view = view();
    assertThat(view.getJsonObject("routes").fieldNames()).containsExactly(LOGIN);
    // The first point runs from the start, 6 s before its end.
    assertThat(view.getJsonObject("totals").getJsonArray("requests_per_second")).containsExactly(0.5);
  }

  @Test
  void aRouteWithoutRequestsInAnIntervalHasZeroRequestsAndNoRates() {
    requests.record(READ, "action-successful", ms(4));
    tick();
    requests.record(LOGIN, "action-successful", ms(40));
    requests.record("-", "route-non-existent", ms(1));
    tick();

    JsonObject routes = view().getJsonObject("routes");
    assertThat(routes.fieldNames()).containsExactlyInAnyOrder(READ, LOGIN, "-");
    JsonObject read = routes.getJsonObject(READ);
    assertThat(read.getJsonArray("requests")).containsExactly(1L, 0L);
    assertThat(read.getJsonArray("requests_per_second")).containsExactly(0.1, 0.0);
    assertThat(read.getJsonArray("error_rate_4xx")).containsExactly(0.0, null);
    assertThat(read.getJsonArray("error_rate_5xx")).containsExactly(0.0, null);
    assertThat(read.getJsonArray("p99_ms").getValue(1)).isNull();
    JsonObject login = routes.getJsonObject(LOGIN);
    assertThat(login.getJsonArray("requests")).containsExactly(0L, 1L);
    assertThat(login.getJsonArray("p99_ms").getValue(0)).isNull();
    assertThat(login.getJsonArray("p99_ms").getDouble(1)).isBetween(30.0, 50.0);
    // route-non-existent is a 500 in the catalog: the unknown paths' row shows it as one.
    assertThat(routes.getJsonObject("-").getJsonArray("error_rate_5xx")).containsExactly(null, 1.0);
    assertThat(view().getJsonObject("totals").getJsonArray("requests")).containsExactly(1L, 2L);
  }

  @Test
  void answersOutsideTheCatalogAreRequestsButNotErrors() {
    requests.record("-", "cors-preflight", ms(1));
    requests.record("-", "options", ms(1));
    requests.record(READ, "client-closed-request", ms(30));
    tick();

    JsonObject totals = view().getJsonObject("totals");
    assertThat(totals.getJsonArray("requests")).containsExactly(3L);
    assertThat(totals.getJsonArray("error_rate_4xx")).containsExactly(0.0);
    assertThat(totals.getJsonArray("error_rate_5xx")).containsExactly(0.0);
  }

  @Test
  void theWindowKeepsItsLastPointsAndForgetsRoutesWithNothingInThem() {
    requests.record(LOGIN, "action-successful", ms(4));
    for (int i = 0; i < TrafficView.POINTS; i++) {
      requests.record(READ, "action-successful", ms(4));
      tick();
    }
    assertThat(view().getJsonObject("routes").fieldNames()).containsExactlyInAnyOrder(READ, LOGIN);

    requests.record(READ, "action-successful", ms(4));
    tick();
    JsonObject view = view();
    assertThat(view.getJsonArray("points")).hasSize(TrafficView.POINTS);
    assertThat(view.getJsonObject("routes").fieldNames()).as("the login's only point left the window")
        .containsExactly(READ);
    assertThat(view.getJsonObject("routes").getJsonObject(READ).getJsonArray("requests")).hasSize(TrafficView.POINTS);
    List<Instant> at = new ArrayList<>();
    for (Object point : view.getJsonArray("points")) {
      at.add(Instant.parse(((JsonObject) point).getString("at")));
    }
    for (int i = 1; i < at.size(); i++) {
      assertThat(Duration.between(at.get(i - 1), at.get(i))).isEqualTo(TrafficView.INTERVAL);
    }
  }

  @Test
  void aLateTickClosesItsBoundaryAndOneRepeatedAfterAStallWaitsForTheNext() {
    requests.record(READ, "action-successful", ms(3));
    traffic.tick(START.plusMillis(10_400)); // late: still the 12:00:10 boundary
    traffic.tick(START.plusMillis(20_300));
    requests.record(READ, "action-successful", ms(3));
    traffic.tick(START.plusMillis(20_350)); // the timer catching up: 12:00:20 is closed already
    requests.record(READ, "action-successful", ms(3));
    traffic.tick(START.plusMillis(44_900)); // after a stall: one point up to the nearest boundary

    JsonObject view = view();
    assertThat(view.getJsonArray("points")).containsExactly(
        new JsonObject().put("at", "2026-11-30T12:00:10Z"),
        new JsonObject().put("at", "2026-11-30T12:00:20Z"),
        new JsonObject().put("at", "2026-11-30T12:00:40Z"));
    JsonObject totals = view.getJsonObject("totals");
    assertThat(totals.getJsonArray("requests")).containsExactly(1L, 0L, 2L);
    assertThat(totals.getJsonArray("requests_per_second")).as("the last point covers 20 s")
        .containsExactly(0.1, 0.0, 0.1);
  }

  @Test
  void withMetricsOffTheViewSaysSoAndIsEmpty() {
    JsonObject view = TrafficView.start(null, null).toJson();
    assertThat(view.getBoolean("metrics_enabled")).isFalse();
    assertThat(view.getJsonArray("points")).isEmpty();
    assertThat(view.getJsonObject("routes")).isEmpty();
    assertThat(view.getJsonObject("totals").getJsonArray("requests")).isEqualTo(new JsonArray());
  }

  private void tick() {
    traffic.tick(START.plus(TrafficView.INTERVAL.multipliedBy(++ticks)));
  }

  private JsonObject view() {
    return traffic.toJson();
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
