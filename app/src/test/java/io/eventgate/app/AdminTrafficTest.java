package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/traffic} on the running system: requests sent through the gateway show, route by route,
 * in the next completed intervals — counts, 4xx and 5xx shares, p99 — and nowhere else.
 */
class AdminTrafficTest {

  /** The view's interval is 10 s: the traffic shows after the next boundary, within this on a loaded machine. */
  private static final Duration WITHIN = Duration.ofSeconds(45);
  private static final int POINTS_IN_WINDOW = 90;

  // Routes of this test's own, so no other test's requests are counted with these.
  private static final String ECHO = "/traffic/echo";
  private static final String CRASH = "/traffic/crash";
  private static final String DELAY = "/traffic/delay";
  private static final String ECHO_KEY = "POST " + ECHO;
  private static final String CRASH_KEY = "POST " + CRASH;
  private static final String DELAY_KEY = "POST " + DELAY;

  private final TestSystem system = TestSystem.get();

  @Test
  void eachRouteShowsItsRequestsErrorsAndLatencyInTheIntervalsThatHadThem() {
    putRoute(ECHO, "test-echo", "echo", new JsonArray().add(new JsonObject().put("name", "name")
        .put("type", "string").put("required", true)));
    putRoute(CRASH, "test-crash", "crash", new JsonArray());
    putRoute(DELAY, "test-delay", "echo", new JsonArray());
    try {
      awaitServed(ECHO, CRASH, DELAY);

      // First the echo route alone: 7 answered, 3 refused (missing-param); and 2 paths no route has.
      for (int i = 0; i < 7; i++) {
        assertStatus(system.post(ECHO, new JsonObject().put("name", "ok"), null), 200, "action-successful");
      }
      for (int i = 0; i < 3; i++) {
        assertStatus(system.post(ECHO, new JsonObject().put("other", 1), null), 400, "missing-param");
      }
      for (int i = 0; i < 2; i++) {
        assertStatus(system.post("/traffic/no-such-route-" + UUID.randomUUID(), "{}", null), 500,
            "route-non-existent");
      }
      JsonObject first = awaitRequests(ECHO_KEY, 10);

      // Then, once those intervals are closed, the crashing and the slow route alone.
      for (int i = 0; i < 2; i++) {
        assertStatus(system.post(CRASH, "{}", null), 500, "application-crash");
        assertStatus(system.post(DELAY, "{}", null), 200, "action-successful");
      }
      awaitRequests(CRASH_KEY, 2);
      JsonObject view = awaitRequests(DELAY_KEY, 2);

      int points = view.getJsonArray("points").size();
      assertThat(points).isBetween(1, POINTS_IN_WINDOW);
      assertThat(view.getLong("interval_seconds")).isEqualTo(10);
      assertThat(view.getBoolean("metrics_enabled")).isTrue();
      JsonObject routes = view.getJsonObject("routes");
      for (String route : routes.fieldNames()) {
        for (String series : List.of("requests", "requests_per_second", "error_rate_4xx", "error_rate_5xx", "p99_ms")) {
          assertThat(routes.getJsonObject(route).getJsonArray(series)).as(route + " " + series).hasSize(points);
        }
      }
      assertThat(first.getJsonObject("routes").getJsonObject("-")).as("the unknown paths' row").isNotNull();
      assertThat(sum(first.getJsonObject("routes").getJsonObject("-"), "requests")).isGreaterThanOrEqualTo(2);

      List<Figures> echo = figures(view, ECHO_KEY);
      List<Figures> crash = figures(view, CRASH_KEY);
      List<Figures> delay = figures(view, DELAY_KEY);
      List<Figures> totals = figures(view.getJsonObject("totals"));
      assertThat(echo.stream().mapToLong(Figures::requests).sum()).isEqualTo(10);
      assertThat(echo.stream().mapToLong(Figures::clientErrors).sum()).isEqualTo(3);
      assertThat(crash.stream().mapToLong(Figures::serverErrors).sum()).isEqualTo(2);
      for (int i = 0; i < points; i++) {
        String at = view.getJsonArray("points").getJsonObject(i).getString("at");
        assertThat(Instant.parse(at).getEpochSecond() % 10).as(at).isZero();
        assertThat(totals.get(i).requests()).as("totals at " + at)
            .isGreaterThanOrEqualTo(echo.get(i).requests() + crash.get(i).requests() + delay.get(i).requests());
        for (List<Figures> route : List.of(echo, crash, delay, totals)) {
          Figures figures = route.get(i);
          // Over the interval it covers: 10 s, 5 to 15 s for the first after start-up, more after a stall.
          assertThat(figures.perSecond()).isBetween(figures.requests() / 60.0, figures.requests() / 5.0);
          assertThat(figures.perSecond() > 0).isEqualTo(figures.requests() > 0);
          if (figures.requests() == 0) {
            assertThat(figures.p99Ms()).as("no requests, no latency at " + at).isNull();
            assertThat(figures.clientShare()).isNull();
            assertThat(figures.serverShare()).isNull();
          } else {
            assertThat(figures.p99Ms()).as("p99 at " + at).isPositive();
          }
        }
        if (echo.get(i).requests() > 0) {
          assertThat(crash.get(i).requests() + delay.get(i).requests()).as("sent after " + at).isZero();
          assertThat(echo.get(i).serverShare()).isEqualTo(0.0);
        }
        if (crash.get(i).requests() > 0) {
          assertThat(echo.get(i).requests()).as("sent before " + at).isZero();
          assertThat(crash.get(i).serverShare()).isEqualTo(1.0);
          assertThat(crash.get(i).clientShare()).isEqualTo(0.0);
        }
        if (delay.get(i).requests() > 0) {
          assertThat(delay.get(i).p99Ms()).as("answered after %d ms", TestRegistry.DELAY_MS)
              .isGreaterThanOrEqualTo(500.0);
          assertThat(delay.get(i).serverShare()).isEqualTo(0.0);
        }
      }
    } finally {
      for (String path : List.of(ECHO, CRASH, DELAY)) {
        system.admin("DELETE", "/admin/routes/POST" + path, null);
      }
    }
  }

  @Test
  void withMetricsOffTheViewSaysSoInsteadOfFailing() throws Exception {
    TestSystem shared = TestSystem.get();
    AllInOne app = AllInOne.start(new JsonObject()
        .put("PG_URL", shared.pg().url())
        .put("HTTP_PORT", TestSystem.freePort())
        .put("ADMIN_PORT", TestSystem.freePort())
        .put("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN)
        .put("JWT_SECRET", TestSystem.JWT_SECRET)
        .put("HTTP_INSTANCES", 1)
        .put("METRICS_ENABLED", false)
        .put("DEMO_DATA", false));
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(app.adminUrl() + "/admin/traffic"))
              .header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonObject data = new JsonObject(response.body()).getJsonObject("data");
      assertThat(data.getBoolean("metrics_enabled")).isFalse();
      assertThat(data.getJsonArray("points")).isEmpty();
      assertThat(data.getJsonObject("routes")).isEmpty();
    } finally {
      app.close();
    }
  }

  private void putRoute(String path, String service, String action, JsonArray params) {
    assertStatus(system.admin("PUT", "/admin/routes/POST" + path, new JsonObject().put("service", service)
        .put("action", action).put("auth", "none").put("params", params)), 200, "action-successful");
  }

  /** Until the gateway serves the routes (its API docs follow its registry), without a request to them. */
  private void awaitServed(String... paths) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    JsonObject served;
    do {
      served = new JsonObject(system.send(system.request("/api/docs").GET()).text()).getJsonObject("paths");
      if (List.of(paths).stream().allMatch(served::containsKey)) {
        return;
      }
      TestSystem.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(served.fieldNames()).as("served within %s", WITHIN).contains(paths);
  }

  /** The view once the route's requests over the window add up to {@code expected}. */
  private JsonObject awaitRequests(String route, long expected) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    JsonObject view;
    long seen;
    do {
      Answer answer = system.admin("GET", "/admin/traffic", null);
      assertStatus(answer, 200, "action-successful");
      view = answer.data();
      JsonObject series = view.getJsonObject("routes").getJsonObject(route);
      seen = series == null ? 0 : sum(series, "requests");
      if (seen >= expected) {
        break;
      }
      TestSystem.sleep(250);
    } while (System.nanoTime() < deadline);
    assertThat(seen).as("%s within %s: %s", route, WITHIN, view.encode()).isEqualTo(expected);
    return view;
  }

  private static long sum(JsonObject series, String name) {
    return series.getJsonArray(name).stream().mapToLong(value -> ((Number) value).longValue()).sum();
  }

  private static List<Figures> figures(JsonObject view, String route) {
    JsonObject series = view.getJsonObject("routes").getJsonObject(route);
    assertThat(series).as(route).isNotNull();
    return figures(series);
  }

  private static List<Figures> figures(JsonObject series) {
    List<Figures> figures = new ArrayList<>();
    for (int i = 0; i < series.getJsonArray("requests").size(); i++) {
      figures.add(new Figures(series.getJsonArray("requests").getLong(i),
          series.getJsonArray("requests_per_second").getDouble(i),
          series.getJsonArray("error_rate_4xx").getDouble(i), series.getJsonArray("error_rate_5xx").getDouble(i),
          series.getJsonArray("p99_ms").getDouble(i)));
    }
    return figures;
  }

  /** One point of one series, as the view gives it. */
  private record Figures(long requests, double perSecond, Double clientShare, Double serverShare, Double p99Ms) {

    long clientErrors() {
      return clientShare == null ? 0 : Math.round(clientShare * requests);
    }

    long serverErrors() {
      return serverShare == null ? 0 : Math.round(serverShare * requests);
    }
  }
}
