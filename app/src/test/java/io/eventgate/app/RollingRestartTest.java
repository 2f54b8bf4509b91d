package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolling restarts behind the shipped load balancer, as an operator runs them: real nginx configured from
 * {@code deploy/nginx.conf}, two gateway processes and one appointments process on loopback, with the
 * shutdown settings of {@code docker-compose.yml}, under steady keep-alive load. A SIGTERM loses nothing;
 * a {@code kill -9} loses only the requests inside the killed process, each answered with nginx's envelope.
 *
 * <p>Needs Debian's nginx; skipped without it, unless {@code EVENTGATE_REQUIRE_NGINX=true} (set by
 * {@code .ci/run}, which installs it) makes its absence a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingRestartTest {

  private static final Logger LOG = LoggerFactory.getLogger(RollingRestartTest.class);
  private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
  private static final Duration START = Duration.ofSeconds(90);
  /** Steady rather than flat out: a client's pause between an answer and its next request. */
  private static final long PAUSE_MS = 20;
  private static final int CLIENTS = 6;
  private static final int ROUNDS = 3;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static LoopbackCluster cluster;
  private static final JavaProcess[] gateways = new JavaProcess[2];
  private static final int[] gatewayPorts = new int[2];
  private static final int[] adminPorts = new int[2];
  private static NginxProcess nginx;
  private static String token;
  private static int restarts;

  @BeforeAll
  static void startNginxInFrontOfTwoGateways() throws Exception {
    if (NginxProcess.binary() == null) {
      if ("true".equals(System.getenv("EVENTGATE_REQUIRE_NGINX"))) {
        throw new IllegalStateException("EVENTGATE_REQUIRE_NGINX is set but nginx is not installed");
      }
      Assumptions.assumeTrue(false, "nginx is not installed (.ci/run installs it)");
    }
    cluster = new LoopbackCluster("eventgate-rolling");
    JavaProcess appointments = cluster.start("rolling-appointments", LoopbackCluster.APPOINTMENTS_JAR, Map.of());
    for (int i = 0; i < 2; i++) {
      gatewayPorts[i] = TestSystem.freePort();
      adminPorts[i] = TestSystem.freePort();
      gateways[i] = startGateway(i);
    }
    appointments.awaitOutput("appointments service ready", START);
    for (int i = 0; i < 2; i++) {
      awaitReady(i);
    }
    nginx = NginxProcess.start(Path.of("target", "nginx-rolling-restart"), TestSystem.freePort(),
        List.of(gatewayPorts[0], gatewayPorts[1]));
    token = new GatewayClient(nginx.url(), REQUEST_TIMEOUT).token(TestSystem.CLARA, TestSystem.PASSWORD, null);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The lever of docs/OPERATIONS.md "Shutdown": nginx drops an idle upstream connection before a gateway's grace ends. */
  @Test
  @Order(1)
  void theShippedKeepAliveTimeoutIsShorterThanTheShutdownGrace() throws Exception {
    String conf = Files.readString(NginxProcess.SHIPPED_CONF, StandardCharsets.UTF_8);
    Matcher keepalive = Pattern.compile("(?m)^\\s*keepalive_timeout\\s+(\\d+)(ms|s)\\s*;").matcher(conf);
    assertThat(keepalive.find()).as("keepalive_timeout in " + NginxProcess.SHIPPED_CONF).isTrue();
    long keepaliveMs = Long.parseLong(keepalive.group(1)) * ("s".equals(keepalive.group(2)) ? 1_000 : 1);
    assertThat(keepaliveMs).isLessThan(composeGraceMs());
  }

  @Test
  @Order(2)
  void threeRollingRestartsUnderSteadyLoadLoseNoRequest() throws Exception {
    SteadyLoad<Outcome> load = steadyReads(nginx.url(), token, Duration.ofSeconds(240));
    Thread.sleep(1_000);
    for (int round = 1; round <= ROUNDS; round++) {
      for (int i = 0; i < 2; i++) {
        int served = load.answered();
        restart(i);
        assertThat(load.answered()).as("the load went on during the restart").isGreaterThan(served);
      }
    }
    Thread.sleep(1_000);
    List<Outcome> outcomes = load.stop();
    report("three rolling restarts", outcomes);

    assertThat(load.sent()).as("every request sent got exactly one answer").isEqualTo(outcomes.size());
    assertThat(outcomes).hasSizeGreaterThan(1_000);
    assertThat(outcomes).allSatisfy(outcome -> {
      assertThat(outcome.status()).isEqualTo("action-successful");
      assertThat(outcome.id()).isEqualTo(APPOINTMENT_1);
    });
  }

  @Test
  @Order(3)
  void aKilledGatewayLosesOnlyTheRequestsInsideItEachAnsweredWithTheEnvelope() throws Exception {
    SteadyLoad<Outcome> load = steadyReads(nginx.url(), token, Duration.ofSeconds(60));
    Thread.sleep(1_500);
    gateways[0].kill();
    Thread.sleep(4_000);
    List<Outcome> outcomes = load.stop();
    report("kill -9 of a gateway", outcomes);

    assertThat(load.sent()).as("every request sent got exactly one answer").isEqualTo(outcomes.size());
    assertThat(outcomes).hasSizeGreaterThan(200);
    List<Outcome> lost = outcomes.stream().filter(o -> !o.status().equals("action-successful")).toList();
    LOG.info("kill -9 of a gateway: {} of {} requests lost", lost.size(), outcomes.size());
    // Each client has one request in flight at a time, so no more than that can have been inside it.
    assertThat(lost).hasSizeLessThanOrEqualTo(CLIENTS).allSatisfy(outcome -> {
      assertThat(outcome.http()).isEqualTo(503);
      assertThat(outcome.status()).isEqualTo("service-unavailable");
      assertThat(outcome.message()).as("nginx's @no_gateway answer").startsWith("No gateway is answering");
    });
    assertThat(outcomes).filteredOn(o -> o.status().equals("action-successful"))
        .allSatisfy(o -> assertThat(o.id()).isEqualTo(APPOINTMENT_1));
  }

  // ---- the operator's steps ----

  /**
   * SIGTERM, wait for the exit, start the gateway again, wait until it is ready and nginx sends it traffic
   * again (it keeps a gateway that refused a connection out for fail_timeout), as docs/OPERATIONS.md "Shutdown" says.
   */
  private static void restart(int i) throws Exception {
    long started = System.nanoTime();
    gateways[i].terminate();
    assertThat(gateways[i].exitCode(Duration.ofSeconds(40))).as("exit on SIGTERM").isEqualTo(143);
    long stopped = System.nanoTime();
    int accessLogAt = nginx.log("access.log").length();
    gateways[i] = startGateway(i);
    awaitReady(i);
    awaitTrafficThroughNginx(i, accessLogAt);
    LOG.info("gateway-{} restarted: stopped in {} ms, back in rotation {} ms later", i + 1,
        (stopped - started) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
  }

  private static JavaProcess startGateway(int i) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "HTTP_PORT", String.valueOf(gatewayPorts[i]), "ADMIN_PORT", String.valueOf(adminPorts[i]),
        "ADMIN_TOKEN", TestSystem.ADMIN_TOKEN, "JWT_SECRET", TestSystem.JWT_SECRET, "HTTP_INSTANCES", "2",
        "ACCESS_LOG", "false",
        "SHUTDOWN_GRACE_MS", String.valueOf(composeGraceMs()),
        "DRAIN_TIMEOUT_MS", composeSetting("DRAIN_TIMEOUT_MS")));
    return cluster.start("rolling-gateway-" + (i + 1) + "-" + restarts++, LoopbackCluster.GATEWAY_JAR, env);
  }

  /** Polls readiness as a probe does, on a connection of its own each time, not kept open afterwards. */
  private static void awaitReady(int i) throws Exception {
    gateways[i].awaitOutput("gateway ready", START);
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      try (RawHttpConnection probe = RawHttpConnection.open(gatewayPorts[i])) {
        if (probe.get("/health/ready", "Connection: close\r\n").status() == 200) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("gateway-%d ready", i + 1).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void awaitTrafficThroughNginx(int i, int accessLogFrom) throws Exception {
    String answered = "127.0.0.1:" + gatewayPorts[i] + " 200 200";
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!nginx.log("access.log").substring(accessLogFrom).contains(answered)) {
      assertThat(System.nanoTime()).as("nginx sends traffic to gateway-%d again", i + 1).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static long composeGraceMs() throws Exception {
    return Long.parseLong(composeSetting("SHUTDOWN_GRACE_MS"));
  }

  /** A gateway setting as docker-compose.yml ships it, so the test runs what is deployed. */
  private static String composeSetting(String name) throws Exception {
    Matcher setting = Pattern.compile("(?m)^\\s*" + name + ":\\s*\"(\\d+)\"").matcher(
        Files.readString(COMPOSE, StandardCharsets.UTF_8));
    assertThat(setting.find()).as(name + " in " + COMPOSE).isTrue();
    return setting.group(1);
  }

  private static void report(String what, List<Outcome> outcomes) throws Exception {
    Map<String, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new,
        Collectors.counting()));
    String errors = nginx.log("error.log");
    LOG.info("{}: {} requests through nginx, {}; nginx logged {} refused connects (resent elsewhere)", what,
        outcomes.size(), byStatus, count(errors, "Connection refused"));
    // Anything else nginx counted as an error says why a request was lost.
    errors.lines().filter(line -> line.contains("[error]") && !line.contains("Connection refused"))
        .forEach(line -> LOG.info("nginx: {}", line));
  }

  private static long count(String text, String what) {
    return text.lines().filter(line -> line.contains(what)).count();
  }

  /**
   * Steady reads through nginx from a few clients on kept-alive connections, each pausing between its answer
   * and its next request so the restarting processes get some of the machine's two cores.
   */
  private static SteadyLoad<Outcome> steadyReads(String url, String token, Duration atMost) {
    GatewayClient gateway = new GatewayClient(url, REQUEST_TIMEOUT);
    return SteadyLoad.start(CLIENTS, atMost, sentAt -> {
      try {
        return Outcome.of(gateway.read(token, APPOINTMENT_1, null));
      } catch (IOException e) {
        return new Outcome(0, "no-answer: " + e.getClass().getSimpleName(), null, null);
      } finally {
        Thread.sleep(PAUSE_MS);
      }
    }, (sentAt, e) -> new Outcome(0, "no-answer: " + e.getClass().getSimpleName(), null, null));
  }

  /** One answered request: its HTTP code, the envelope's status and message, the appointment id on success. */
  record Outcome(int http, String status, String message, String id) {

    static Outcome of(Answer answer) {
      JsonObject envelope;
      try {
        envelope = answer.json();
      } catch (RuntimeException notJson) {
        return new Outcome(answer.code(), "not-an-envelope", null, null);
      }
      if (envelope.getString("status") == null || envelope.getString("request_id") == null) {
        return new Outcome(answer.code(), "not-an-envelope", null, null);
      }
      JsonObject data = envelope.getJsonObject("data");
      return new Outcome(answer.code(), envelope.getString("status"), envelope.getString("message"),
          data == null ? null : data.getString("_id"));
    }
  }
}
