package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers of a service live through when its only process is killed (kill -9) under load, on real
 * processes: a gateway and one appointments process on loopback, reached through a service record of the
 * test's own with a {@code timeout_ms} of 10 s, so that a caller left to its timeout cannot be mistaken for
 * one answered early. It records how long each caller waited.
 *
 * <p>Vert.x 5.0.7's clustered event bus never fails a request whose recipient died: without help, every request
 * already written to the dead process, or sent to it until the cluster's registrations catch up, waits its full
 * timeout (measured before the gateway's member-loss watcher: 6 of 6 requests in flight at the kill answered
 * {@code service-timeout} after 10 s). Hazelcast notices a killed process within a fraction of a second (its
 * connection closes), and the gateway's {@code ServiceClient} then answers those requests
 * {@code service-unavailable} at once, since no live member consumes the address and the one that did is gone
 * (measured since: the last of the six answered 0.5–0.7 s after the kill). The breaker counts those, opens, and
 * from then on answers without touching the bus and with {@code Retry-After}.
 */
class ServiceProcessLossTest {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcessLossTest.class);
  private static final Duration START = Duration.ofSeconds(90);
  private static final String BEARER = "Bearer " + TestSystem.ADMIN_TOKEN;
  /** The test service's timeout_ms: far above how soon a caller caught by the kill must be answered. */
  private static final long TIMEOUT_MS = 10_000;
  /**
   * How soon after the kill every request caught by it must be answered: the cluster drops the member and the
   * gateway fails what was in flight within a second here; this leaves room for a loaded machine
   * and is still a fraction of {@link #TIMEOUT_MS}.
   */
  private static final long ANSWERED_WITHIN_MS = 3_000;
  /** Long enough to see the callers of the old behaviour answered too (at their timeout), and some more. */
  private static final long OBSERVED_MS = TIMEOUT_MS + 3_000;

  @Test
  void requestsInFlightWhenTheOnlyProcessDiesAreAnsweredAtOnceNotAtTheirTimeout() throws Exception {
    try (LoopbackCluster cluster = new LoopbackCluster("eventgate-loss")) {
      JavaProcess appointments = cluster.start("loss-appointments", LoopbackCluster.APPOINTMENTS_JAR, Map.of());
      int http = TestSystem.freePort();
      int admin = TestSystem.freePort();
      JavaProcess gateway = cluster.start("loss-gateway", LoopbackCluster.GATEWAY_JAR, Map.of(
          "HTTP_PORT", String.valueOf(http), "ADMIN_PORT", String.valueOf(admin), "ADMIN_TOKEN",
          TestSystem.ADMIN_TOKEN, "JWT_SECRET", TestSystem.JWT_SECRET, "HTTP_INSTANCES", "1", "ACCESS_LOG", "false"));
      GatewayClient client = new GatewayClient("http://127.0.0.1:" + http, Duration.ofSeconds(30));
      GatewayClient adminClient = new GatewayClient("http://127.0.0.1:" + admin, Duration.ofSeconds(20));
      appointments.awaitOutput("appointments service ready", START);
      gateway.awaitHttp(client.baseUrl() + "/health/ready", START);
      String token = client.token(TestSystem.CLARA, TestSystem.PASSWORD, null);
      String path = slowTimeoutReadRoute(client, adminClient, token);

      SteadyLoad<Outcome> load = SteadyLoad.start(6, Duration.ofMinutes(5), sentAt -> {
        Answer answer = client.post(path, new JsonObject().put("_id", TestSystem.APPOINTMENT_1), token);
        Outcome outcome = new Outcome(sentAt, System.nanoTime(), answer.status(), answer.header("Retry-After"));
        if (outcome.status.equals("service-unavailable")) {
          Thread.sleep(20);
        }
        return outcome;
      }, (sentAt, e) -> new Outcome(sentAt, System.nanoTime(), "no-answer: " + e.getClass().getSimpleName(), null));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (load.answered() < 100) {
        assertThat(System.nanoTime()).as("the load is served before the kill").isLessThan(deadline);
        Thread.sleep(20);
      }
      long killedAt = System.nanoTime();
      appointments.kill();
      // Not a wait for a condition but the stretch observed.
      Thread.sleep(OBSERVED_MS);
      List<Outcome> outcomes = load.stop();

      List<Outcome> afterKill = outcomes.stream().filter(o -> o.sentAt >= killedAt).toList();
      List<Outcome> caught = outcomes.stream().filter(o -> o.sentAt < killedAt && o.answeredAt > killedAt).toList();
      long lastCaughtAnsweredMs = caught.stream().mapToLong(o -> ms(o.answeredAt - killedAt)).max().orElse(-1);
      LOG.info("kill -9 of the only appointments process (timeout_ms {}): {} requests in flight at the kill, by"
          + " status {}, waited {} ms at most, the last answered {} ms after the kill; {} requests after it, by"
          + " status {}, waited {} ms at most",
          TIMEOUT_MS, caught.size(), byStatus(caught), caught.stream().mapToLong(Outcome::waitedMs).max().orElse(0),
          lastCaughtAnsweredMs, afterKill.size(), byStatus(afterKill),
          afterKill.stream().mapToLong(Outcome::waitedMs).max().orElse(0));

      assertThat(load.sent()).as("every request sent got exactly one answer").isEqualTo(outcomes.size());
      // The requests caught by the kill are told at once that nobody will answer, not at their timeout (a
      // few may have been answered by the process in the instant before it died).
      assertThat(caught).as("requests in flight at the kill").isNotEmpty().allSatisfy(o -> {
        assertThat(o.status).isIn("action-successful", "service-unavailable");
        assertThat(ms(o.answeredAt - killedAt)).as("answered ms after the kill").isLessThan(ANSWERED_WITHIN_MS);
      });
      // So are the ones sent while the cluster was dropping the member; after that nobody consumes the address.
      assertThat(afterKill).isNotEmpty().allSatisfy(o -> {
        assertThat(o.status).isEqualTo("service-unavailable");
        assertThat(o.waitedMs()).as("waited").isLessThan(ANSWERED_WITHIN_MS);
      });
      // The breaker counted them, opened, and says when to come back.
      assertThat(afterKill.get(afterKill.size() - 1).retryAfter).isNotNull();
      Answer breakers = adminClient.send(adminClient.request("/admin/circuit-breakers")
          .header("Authorization", BEARER).GET());
      assertThat(breakers.data().getJsonArray("circuit_breakers").stream().map(JsonObject.class::cast)
          .filter(b -> b.getString("service").equals(path.substring(path.lastIndexOf('/') + 1))).findFirst()
          .orElseThrow().getString("state")).isIn("open", "half-open");
    }
  }

  /**
   * A read route of the test's own, to the appointments address through a service record with {@link
   * #TIMEOUT_MS} and the shipped breaker policy; its path, once the gateway serves it.
   */
  private static String slowTimeoutReadRoute(GatewayClient client, GatewayClient admin, String token)
      throws Exception {
    String name = "loss-" + UUID.randomUUID();
    String path = "/test/process-loss/" + name;
    Answer service = admin.send(admin.request("/admin/services/" + name).header("Authorization", BEARER)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("address", "appointments").put("timeout_ms", TIMEOUT_MS).put("circuit_breaker", new JsonObject()
                .put("max_failures", 20).put("window_seconds", 10).put("open_seconds", 15)).encode())));
    assertThat(service.code()).as(service.toString()).isEqualTo(200);
    Answer route = admin.send(admin.request("/admin/routes/POST" + path).header("Authorization", BEARER)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("service", name).put("action", "read").put("auth", "role").put("params", new JsonArray()
                .add(new JsonObject().put("name", "_id").put("type", "string").put("required", true)
                    .put("format", "uuid"))).encode())));
    assertThat(route.code()).as(route.toString()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!client.post(path, new JsonObject().put("_id", TestSystem.APPOINTMENT_1), token).status()
        .equals("action-successful")) {
      assertThat(System.nanoTime()).as("the gateway serves the new route").isLessThan(deadline);
      Thread.sleep(50);
    }
    return path;
  }

  private static Map<String, Long> byStatus(List<Outcome> outcomes) {
    return outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** One answered request: when it was sent and answered, its status and its Retry-After. */
  record Outcome(long sentAt, long answeredAt, String status, String retryAfter) {

    long waitedMs() {
      return ms(answeredAt - sentAt);
    }
  }
}
