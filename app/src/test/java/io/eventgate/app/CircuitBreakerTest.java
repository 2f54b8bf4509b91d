package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.testkit.Answer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A service's circuit breaker (docs/API.md sections 2, 4 and 10) on the whole system: a service of its own,
 * registered through the admin API, whose one consumer answers, refuses or never answers as the test says.
 * It shows the breaker opening after its failures and refusing at once without calling the service, the
 * operator's view of it (notification, metrics, readiness, admin API), the one probe of the half-open state,
 * and the breaker closing again on an answer.
 */
class CircuitBreakerTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final String BEARER = "Bearer " + TestSystem.ADMIN_TOKEN;
  private static final int TIMEOUT_MS = 1_000;
  private static final int MAX_FAILURES = 3;
  private static final int OPEN_SECONDS = 2;

  /** What the test service does with each request. */
  enum Mode { ANSWER, REFUSE, HANG }

  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ANSWER);
  private final AtomicInteger delivered = new AtomicInteger();

  /** A service and a public route to it, with this breaker; the route's path. */
  private String serviceWithBreaker(String name) {
    String address = "test.breaker." + name;
    ServiceConsumer.register(SYSTEM.app().vertx().eventBus(), address, Map.of("probe", request -> {
      delivered.incrementAndGet();
      return switch (mode.get()) {
        case ANSWER -> Future.succeededFuture(ServiceReply.of(new JsonObject().put("answered", true)));
        case REFUSE -> Future.failedFuture(ApiException.invalidParam("name", "Not this one."));
        case HANG -> Promise.<ServiceReply>promise().future();
      };
    })).completion().await();
    Answer service = SYSTEM.admin("PUT", "/admin/services/" + name, new JsonObject().put("address", address)
        .put("timeout_ms", TIMEOUT_MS).put("circuit_breaker", new JsonObject().put("max_failures", MAX_FAILURES)
            .put("window_seconds", 60).put("open_seconds", OPEN_SECONDS)));
    assertThat(service.code()).as(service.toString()).isEqualTo(200);
    assertThat(service.data().getJsonObject("service").getJsonObject("circuit_breaker"))
        .isEqualTo(new JsonObject().put("max_failures", MAX_FAILURES).put("window_seconds", 60)
            .put("open_seconds", OPEN_SECONDS));
    String path = "/test/breaker/" + name;
    Answer route = SYSTEM.admin("PUT", "/admin/routes/POST" + path, new JsonObject().put("service", name)
        .put("action", "probe").put("auth", "none").put("params", new JsonArray()));
    assertThat(route.code()).as(route.toString()).isEqualTo(200);
    awaitBreaker(name, "the gateway follows the new records", state -> state.getString("state").equals("closed"));
    for (int i = 0; i < 100 && post(path).status().equals("route-non-existent"); i++) {
      sleep(50);
    }
    return path;
  }

  @Test
  void aServiceThatStopsAnsweringIsCutOffThenProbedThenServedAgain() throws Exception {
    String name = "test-breaker-" + UUID.randomUUID();
    String path = serviceWithBreaker(name);
    assertStatus(post(path), 200, "action-successful");

    // A service's own refusals are answers: however many, they open nothing.
    mode.set(Mode.REFUSE);
    for (int i = 0; i < MAX_FAILURES * 2; i++) {
      assertStatus(post(path), 400, "invalid-param");
    }
    assertThat(breaker(name).getString("state")).isEqualTo("closed");

    // No answer within timeout_ms, MAX_FAILURES times in a row: the breaker opens.
    mode.set(Mode.HANG);
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertStatus(post(path), 504, "service-timeout");
    }
    int deliveredWhenOpened = delivered.get();
    long started = System.nanoTime();
    Answer refused = post(path);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertStatus(refused, 503, "service-unavailable");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, (long) OPEN_SECONDS);
    assertThat(refused.json().getString("message")).doesNotContain(name);
    // Answered without calling the service, and without waiting for its timeout.
    assertThat(delivered.get()).isEqualTo(deliveredWhenOpened);
    assertThat(waitedMs).as("a refusal is answered at once, not after timeout_ms").isLessThan(TIMEOUT_MS / 2);

    // Operators see it: the admin API, readiness (still ready), metrics, one notification.
    JsonObject open = breaker(name);
    assertThat(open.getString("state")).isEqualTo("open");
    assertThat(open.getInteger("retry_after_seconds")).isBetween(1, OPEN_SECONDS);
    Answer ready = SYSTEM.send(SYSTEM.request("/health/ready").GET());
    assertThat(ready.code()).as("one open breaker leaves the gateway ready").isEqualTo(200);
    assertThat(ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> check.getString("id").equals("circuit_breakers")).findFirst().orElseThrow()
        .getJsonObject("data").getString(name)).isEqualTo("open");
    assertThat(metric("eventgate_circuit_breaker_state", name)).isEqualTo(2.0);
    assertThat(metric("eventgate_circuit_breaker_openings_total", name)).isEqualTo(1.0);
    JsonObject notification = awaitNotification(name);
    assertThat(notification.getString("status")).isEqualTo("service-unavailable");
    assertThat(notification.getString("detail")).contains("3 failures within 60 s open it for 2 s");

    // A registry change elsewhere leaves the breaker as it is (a rebuilt one would be closed, its count at 0).
    String elsewhere = "/test/breaker/elsewhere-" + UUID.randomUUID();
    assertThat(SYSTEM.admin("PUT", "/admin/routes/POST" + elsewhere, new JsonObject().put("service", "test-echo")
        .put("action", "echo").put("auth", "none").put("params", new JsonArray())).code()).isEqualTo(200);
    awaitTrue("the unrelated route is served", () -> !post(elsewhere).status().equals("route-non-existent"));
    assertThat(breaker(name).getString("state")).isNotEqualTo("closed");
    assertThat(metric("eventgate_circuit_breaker_openings_total", name)).isEqualTo(1.0);
    assertThat(SYSTEM.admin("DELETE", "/admin/routes/POST" + elsewhere, null).code()).isEqualTo(200);

    // After open_seconds it is half-open: one probe goes through; while it is out, the rest are refused.
    awaitBreaker(name, "half-open after open_seconds", state -> state.getString("state").equals("half-open"));
    assertThat(metric("eventgate_circuit_breaker_state", name)).isEqualTo(1.0);
    CompletableFuture<Answer> probe = CompletableFuture.supplyAsync(() -> post(path));
    awaitTrue("the probe reaches the service", () -> delivered.get() == deliveredWhenOpened + 1);
    Answer meanwhile = post(path);
    assertStatus(meanwhile, 503, "service-unavailable");
    assertThat(meanwhile.header("Retry-After")).isEqualTo(String.valueOf(TIMEOUT_MS / 1000));
    assertThat(delivered.get()).as("one probe only").isEqualTo(deliveredWhenOpened + 1);
    // The probe got no answer either: open again, for another open_seconds.
    assertStatus(probe.get(10, TimeUnit.SECONDS), 504, "service-timeout");
    awaitBreaker(name, "open again after a failed probe", state -> state.getString("state").equals("open"));
    assertThat(metric("eventgate_circuit_breaker_openings_total", name)).isEqualTo(2.0);

    // The service answers again: the next probe closes the breaker and everything goes through.
    mode.set(Mode.ANSWER);
    awaitBreaker(name, "half-open again", state -> state.getString("state").equals("half-open"));
    assertStatus(post(path), 200, "action-successful");
    assertThat(breaker(name).getString("state")).isEqualTo("closed");
    assertThat(breaker(name).containsKey("retry_after_seconds")).isFalse();
    assertThat(metric("eventgate_circuit_breaker_state", name)).isEqualTo(0.0);
    for (int i = 0; i < 5; i++) {
      assertStatus(post(path), 200, "action-successful");
    }
  }

  @Test
  void noInstanceAtAllCountsAsAFailureAndAPolicyChangeOrRemovalIsFollowed() {
    // A service whose address nobody consumes: each request fails at once, and the breaker opens all the same.
    String name = "test-breaker-" + UUID.randomUUID();
    Answer put = SYSTEM.admin("PUT", "/admin/services/" + name, new JsonObject().put("address", "test.nobody." + name)
        .put("circuit_breaker", new JsonObject().put("max_failures", 2).put("window_seconds", 60)
            .put("open_seconds", 600)));
    assertThat(put.code()).isEqualTo(200);
    String path = "/test/breaker/" + name;
    assertThat(SYSTEM.admin("PUT", "/admin/routes/POST" + path, new JsonObject().put("service", name)
        .put("action", "probe").put("auth", "none")).code()).isEqualTo(200);
    awaitBreaker(name, "the gateway follows the new records", state -> true);
    for (int i = 0; i < 100 && post(path).header("Retry-After") == null; i++) {
      sleep(20);
    }
    Answer refused = post(path);
    assertStatus(refused, 503, "service-unavailable");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(590L, 600L);
    assertThat(breaker(name).getString("state")).isEqualTo("open");

    // A new policy is a new breaker, closed; no policy is no breaker.
    SYSTEM.admin("PUT", "/admin/services/" + name, new JsonObject().put("address", "test.nobody." + name)
        .put("circuit_breaker", new JsonObject().put("max_failures", 50).put("window_seconds", 60)
            .put("open_seconds", 600)));
    awaitBreaker(name, "rebuilt for its new policy", state -> state.getJsonObject("policy").getInteger("max_failures") == 50
        && state.getString("state").equals("closed"));
    Answer unavailable = post(path);
    assertStatus(unavailable, 503, "service-unavailable");
    assertThat(unavailable.header("Retry-After")).isNull();
    SYSTEM.admin("PUT", "/admin/services/" + name, new JsonObject().put("address", "test.nobody." + name));
    awaitTrue("dropped with its policy", () -> findBreaker(name) == null);
    assertThat(SYSTEM.admin("/metrics", BEARER).text().lines()
        .filter(line -> line.startsWith("eventgate_circuit_breaker") && line.contains(name))).isEmpty();
  }

  @Test
  void theBreakersAreBehindTheAdminTokenAndTheShippedServicesHaveOne() {
    assertThat(SYSTEM.admin("/admin/circuit-breakers", null).code()).isEqualTo(401);
    Answer list = SYSTEM.admin("/admin/circuit-breakers", BEARER);
    assertStatus(list, 200, "action-successful");
    JsonObject shipped = new JsonObject().put("max_failures", 20).put("window_seconds", 10).put("open_seconds", 15);
    assertThat(findBreaker("appointments").getJsonObject("policy")).isEqualTo(shipped);
    assertThat(findBreaker("users").getJsonObject("policy")).isEqualTo(shipped);
    assertThat(SYSTEM.admin("/admin/services/appointments", BEARER).data().getJsonObject("service")
        .getJsonObject("circuit_breaker")).isEqualTo(shipped);
  }

  // ---- helpers ----

  private static Answer post(String path) {
    return SYSTEM.post(path, "{}", null);
  }

  private static JsonObject findBreaker(String service) {
    return SYSTEM.admin("/admin/circuit-breakers", BEARER).data().getJsonArray("circuit_breakers").stream()
        .map(JsonObject.class::cast).filter(b -> b.getString("service").equals(service)).findFirst().orElse(null);
  }

  private static JsonObject breaker(String service) {
    JsonObject found = findBreaker(service);
    assertThat(found).as("breaker of " + service).isNotNull();
    return found;
  }

  private static void awaitBreaker(String service, String what, Predicate<JsonObject> condition) {
    awaitTrue(what, () -> {
      JsonObject found = findBreaker(service);
      return found != null && condition.test(found);
    });
  }

  /** The value of a metric for one service, from the Prometheus text. */
  private static double metric(String metric, String service) {
    String prefix = metric + "{service=\"" + service + "\"}";
    return SYSTEM.admin("/metrics", BEARER).text().lines().filter(line -> line.startsWith(prefix))
        .map(line -> Double.parseDouble(line.substring(prefix.length()).trim())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix));
  }

  /** The notification of this service's breaker (they are written once a second). */
  private static JsonObject awaitNotification(String service) {
    AtomicReference<JsonObject> found = new AtomicReference<>();
    awaitTrue("the opening is recorded for operators", () -> {
      SYSTEM.admin("/admin/notifications", BEARER).data().getJsonArray("notifications").stream()
          .map(JsonObject.class::cast).filter(n -> n.getString("detail", "").contains("service " + service + " "))
          .findFirst().ifPresent(found::set);
      return found.get() != null;
    });
    return found.get();
  }

  /** Polls until {@code condition} holds; a generous bound, since every wait here is a timer of a few seconds. */
  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      sleep(25);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
