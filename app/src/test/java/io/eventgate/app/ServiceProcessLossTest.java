package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers of a service live through when its only process is killed (kill -9) under load, on real
 * processes: a gateway and one appointments process on loopback. It records how long each caller waited.
 *
 * <p>Vert.x 5.0.7's clustered event bus does not fail a request whose recipient died: a message already
 * written to the dead process, and one written while its connection is refused, waits for its reply until
 * its timeout ({@code timeout_ms}). Only once the cluster drops the member (Hazelcast: no heartbeat for 5 s)
 * do new requests find no consumer and get {@code service-unavailable} at once. The breaker counts those, opens,
 * and from then on answers without touching the bus and with {@code Retry-After}.
 */
class ServiceProcessLossTest {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcessLossTest.class);
  private static final Duration START = Duration.ofSeconds(90);
  /** The shipped appointments service's timeout_ms. */
  private static final long TIMEOUT_MS = 5_000;
  /** Past this, the cluster has dropped the killed member for sure (5 s without heartbeat, and some). */
  private static final long DROPPED_AFTER_MS = 9_000;

  @Test
  void callersWaitAtMostTheTimeoutAndOnceTheMemberIsDroppedAreRefusedAtOnceWithRetryAfter() throws Exception {
    try (LoopbackCluster cluster = new LoopbackCluster("eventgate-loss")) {
      JavaProcess appointments = cluster.start("loss-appointments", LoopbackCluster.APPOINTMENTS_JAR, Map.of());
      int http = TestSystem.freePort();
      int admin = TestSystem.freePort();
      JavaProcess gateway = cluster.start("loss-gateway", LoopbackCluster.GATEWAY_JAR, Map.of(
          "HTTP_PORT", String.valueOf(http), "ADMIN_PORT", String.valueOf(admin), "ADMIN_TOKEN",
          TestSystem.ADMIN_TOKEN, "JWT_SECRET", TestSystem.JWT_SECRET, "HTTP_INSTANCES", "1", "ACCESS_LOG", "false"));
      GatewayClient client = new GatewayClient("http://127.0.0.1:" + http, Duration.ofSeconds(20));
      GatewayClient adminClient = new GatewayClient("http://127.0.0.1:" + admin, Duration.ofSeconds(20));
      appointments.awaitOutput("appointments service ready", START);
      gateway.awaitHttp(client.baseUrl() + "/health/ready", START);
      String token = client.token(TestSystem.CLARA, TestSystem.PASSWORD, null);

      Load load = Load.start(client, token, 6);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (load.answered() < 100) {
        assertThat(System.nanoTime()).as("the load is served before the kill").isLessThan(deadline);
        Thread.sleep(20);
      }
      long killedAt = System.nanoTime();
      appointments.kill();
      // The stretch observed: the timeout of the requests caught by the kill, the member dropped, and then
      // some seconds of refusals.
      Thread.sleep(DROPPED_AFTER_MS + 4_000);
      List<Outcome> outcomes = load.stop();

      List<Outcome> afterKill = outcomes.stream().filter(o -> o.sentAt >= killedAt).toList();
      List<Outcome> caught = outcomes.stream().filter(o -> o.sentAt < killedAt && o.answeredAt > killedAt).toList();
      long firstRefusalMs = afterKill.stream().filter(o -> o.status.equals("service-unavailable"))
          .mapToLong(o -> ms(o.sentAt - killedAt)).min().orElse(-1);
      long slowest = afterKill.stream().mapToLong(Outcome::waitedMs).max().orElse(0);
      LOG.info("kill -9 of the only appointments process: {} requests after it, by status {}; {} in flight at the"
          + " kill waited {} ms at most; the slowest request sent after the kill waited {} ms; the first refused"
          + " at once was sent {} ms after the kill; refusals after that waited {} ms at most",
          afterKill.size(), afterKill.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new,
              Collectors.counting())),
          caught.size(), caught.stream().mapToLong(Outcome::waitedMs).max().orElse(0), slowest, firstRefusalMs,
          afterKill.stream().filter(o -> o.status.equals("service-unavailable")).mapToLong(Outcome::waitedMs)
              .max().orElse(0));

      assertThat(load.sent()).as("every request sent got exactly one answer").isEqualTo(outcomes.size());
      assertThat(afterKill).allSatisfy(o -> assertThat(o.status).isIn("service-timeout", "service-unavailable"));
      // Nobody waits longer than the service's timeout (a generous margin for a loaded machine).
      assertThat(outcomes).allSatisfy(o -> assertThat(o.waitedMs()).isLessThan(TIMEOUT_MS + 3_000));
      // Once the member is dropped, every caller is refused at once, and the breaker says when to come back.
      List<Outcome> late = afterKill.stream().filter(o -> ms(o.sentAt - killedAt) > DROPPED_AFTER_MS).toList();
      assertThat(late).isNotEmpty().allSatisfy(o -> {
        assertThat(o.status).isEqualTo("service-unavailable");
        assertThat(o.waitedMs()).as("refused at once").isLessThan(1_000);
      });
      assertThat(late.get(late.size() - 1).retryAfter).isNotNull();
      Answer breakers = adminClient.send(adminClient.request("/admin/circuit-breakers")
          .header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN).GET());
      assertThat(breakers.data().getJsonArray("circuit_breakers").stream().map(JsonObject.class::cast)
          .filter(b -> b.getString("service").equals("appointments")).findFirst().orElseThrow().getString("state"))
          .isIn("open", "half-open");
    }
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

  /** Steady reads from a few threads, each waiting for its answer before sending the next. */
  static final class Load {

    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;

    private Load(int clients) {
      this.threads = Executors.newFixedThreadPool(clients);
    }

    static Load start(GatewayClient gateway, String token, int clients) {
      Load load = new Load(clients);
      for (int i = 0; i < clients; i++) {
        load.threads.submit(() -> {
          while (load.running) {
            long at = System.nanoTime();
            load.sent.incrementAndGet();
            String status;
            String retryAfter = null;
            try {
              Answer answer = gateway.read(token, TestSystem.APPOINTMENT_1, null);
              status = answer.status();
              retryAfter = answer.header("Retry-After");
            } catch (Exception e) {
              status = "no-answer: " + e.getClass().getSimpleName();
            }
            load.outcomes.add(new Outcome(at, System.nanoTime(), status, retryAfter));
            if (status.equals("service-unavailable")) {
              Thread.sleep(20);
            }
          }
          return null;
        });
      }
      return load;
    }

    long sent() {
      return sent.get();
    }

    int answered() {
      return outcomes.size();
    }

    List<Outcome> stop() throws InterruptedException {
      running = false;
      threads.shutdown();
      threads.awaitTermination(30, TimeUnit.SECONDS);
      return new ArrayList<>(outcomes);
    }
  }
}
