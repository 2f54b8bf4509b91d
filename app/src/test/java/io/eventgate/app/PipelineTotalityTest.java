package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.cors.CrossOrigin;
import io.eventgate.gateway.http.EnvelopeWriter;
import io.eventgate.gateway.metrics.RequestMetrics;
import io.eventgate.gateway.notifications.NotificationStore;
import io.eventgate.gateway.notifications.Notifier;
import io.eventgate.gateway.pipeline.BuiltInEndpoints;
import io.eventgate.gateway.pipeline.GatewayOptions;
import io.eventgate.gateway.pipeline.GatewayVerticle;
import io.eventgate.gateway.pipeline.ReceivedBody;
import io.eventgate.gateway.pipeline.Stages;
import io.eventgate.gateway.ratelimit.Verdict;
import io.eventgate.gateway.registry.Auth;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.registry.ServiceRecord;
import io.eventgate.gateway.shutdown.ClosingConnections;
import io.eventgate.gateway.shutdown.ShutdownOptions;
import io.eventgate.testkit.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whatever a stage throws, synchronously, becomes that request's one answer, with its access-log line, its
 * metric and its notification. A gateway verticle runs here on the test system's Vert.x and database with
 * the real writer; one of its five stages is replaced by one that throws, the others pass trivially.
 */
class PipelineTotalityTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final String PATH = "/totality";
  private static final RouteRecord ROUTE = new RouteRecord("POST", PATH, "totality", "echo", true, Auth.NONE,
      false, List.of(), "a route for this test");
  private static final ResolvedRoute RESOLVED = new ResolvedRoute(ROUTE,
      new ServiceRecord("totality", "totality", true, 1_000, "nobody"));

  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static Notifier notifier;
  private static String baseUrl;
  private static String deployment;
  /** Which stage throws: 1 to 5, or 6 and 7 for the rate limits; read by the stages on the event loop. */
  private static volatile int throwing;

  @BeforeAll
  static void deploy() throws Exception {
    notifier = new Notifier(new NotificationStore(SYSTEM.app().pool()));
    notifier.start(SYSTEM.app().vertx());
    EnvelopeWriter writer = new EnvelopeWriter(true, notifier, new RequestMetrics(METERS), Tracing.OFF);
    int port = TestSystem.freePort();
    baseUrl = "http://127.0.0.1:" + port;
    GatewayOptions options = new GatewayOptions("127.0.0.1", port, 1024, true, 10, 2_000, false, "", null);
    // The built-in endpoints answer GET only; this test sends POSTs, so they are never reached. CrossOrigin has
    // no registry: each of its lookups throws, which the OPTIONS and Origin cases below rely on.
    deployment = SYSTEM.app().vertx().deployVerticle(new GatewayVerticle(options, new ThrowingStages(), writer,
        new BuiltInEndpoints(null, null, null), new CrossOrigin(null),
        new ClosingConnections(new ShutdownOptions(0, 1_000)))).await();
  }

  @AfterAll
  static void undeploy() {
    SYSTEM.app().vertx().undeploy(deployment).await();
    notifier.stop().await();
  }

  @ParameterizedTest
  @CsvSource({"1, identify-request-error", "2, application-crash", "3, application-crash",
      "4, application-crash", "5, application-crash", "6, application-crash", "7, application-crash"})
  void aStageThatThrowsStillGetsTheRequestItsOneAnswer(int stage, String status) throws Exception {
    throwing = stage;
    String requestId = "totality-" + stage + "-" + System.nanoTime();
    Answer answer = SYSTEM.send(HttpRequest.newBuilder(URI.create(baseUrl + PATH))
        .header("Content-Type", "application/json").header("X-Request-Id", requestId)
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
    assertStatus(answer, 500, status);
    assertThat(answer.text()).doesNotContain("stage " + stage);

    String route = stage == 1 ? "-" : "POST " + PATH;
    assertThat(METERS.find("eventgate.requests").tag("route", route).tag("status", status).timer())
        .as("the request is counted").isNotNull();
    assertThat(MemoryAppender.lines()).as("one access-log line")
        .filteredOn(line -> line.contains("eventgate.access") && line.contains(requestId)).hasSize(1);
    assertThat(awaitNotification(requestId)).as("an operator notification")
        .contains("IllegalStateException", "stage " + stage + " threw");
  }

  @Test
  void anOptionsWhoseCorsLookupThrowsIsStillAnswered204WithoutCorsHeaders() {
    String requestId = "totality-options-" + System.nanoTime();
    Answer answer = SYSTEM.send(HttpRequest.newBuilder(URI.create(baseUrl + PATH))
        .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
        .header("X-Request-Id", requestId).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(answer.code()).isEqualTo(204);
    assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
    assertThat(answer.header("X-Request-Id")).isEqualTo(requestId);
    assertThat(MemoryAppender.lines()).as("one access-log line")
        .filteredOn(line -> line.contains("eventgate.access") && line.contains(requestId)).hasSize(1);
  }

  @Test
  void aRequestWhoseCorsLookupThrowsStillGetsItsOneEnvelope() {
    throwing = 0;
    String requestId = "totality-origin-" + System.nanoTime();
    Answer answer = SYSTEM.send(HttpRequest.newBuilder(URI.create(baseUrl + PATH))
        .header("Content-Type", "application/json").header("Origin", "https://app.example.com")
        .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
    assertStatus(answer, 500, "identify-request-error");
    assertThat(MemoryAppender.lines()).as("one access-log line")
        .filteredOn(line -> line.contains("eventgate.access") && line.contains(requestId)).hasSize(1);
  }

  private static String awaitNotification(String requestId) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      Object detail = SYSTEM.queryValue("SELECT detail FROM notifications WHERE last_request_id = ?", requestId);
      if (detail != null) {
        return (String) detail;
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** Stages that pass trivially, except the one numbered {@link #throwing}, which throws at once. */
  private static final class ThrowingStages implements Stages {

    private static void maybeThrow(int stage) {
      if (throwing == stage) {
        throw new IllegalStateException("stage " + stage + " threw");
      }
    }

    @Override
    public ResolvedRoute identify(HttpServerRequest request) {
      maybeThrow(1);
      return RESOLVED;
    }

    @Override
    public Future<Caller> authenticate(RouteRecord route, HttpServerRequest request) {
      maybeThrow(2);
      return Future.succeededFuture(Caller.ANONYMOUS);
    }

    /** The rate limits that close stages 1 and 2 are numbered 6 and 7. */
    @Override
    public Future<Verdict> limitRequest(RouteRecord route, String clientAddress) {
      maybeThrow(6);
      return Future.succeededFuture(Verdict.NONE);
    }

    @Override
    public Future<Verdict> limitCaller(RouteRecord route, Caller caller) {
      maybeThrow(7);
      return Future.succeededFuture(Verdict.NONE);
    }

    @Override
    public JsonObject readBody(RouteRecord route, HttpServerRequest request, ReceivedBody body) {
      maybeThrow(3);
      return new JsonObject();
    }

    @Override
    public JsonObject validate(RouteRecord route, JsonObject params) {
      maybeThrow(4);
      return params;
    }

    @Override
    public Future<ServiceReply> forward(ResolvedRoute resolved, ServiceRequest request) {
      maybeThrow(5);
      return Future.succeededFuture(ServiceReply.of(new JsonObject()));
    }
  }
}
