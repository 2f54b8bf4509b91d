package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.app.OtlpReceiver.ReceivedSpan;
import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One request's trace across two real processes of a cluster — a gateway and an appointments service,
 * each exporting OTLP, as configured by the standard variables, to a receiver in this JVM: the trace
 * context crosses the clustered event bus in the message's headers, so the service's spans continue the
 * gateway's trace under the message the gateway sent.
 */
class ClusterTracingTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLIENT_TRACE = "5bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "10f067aa0ba902b7";

  private static OtlpReceiver receiver;
  private static LoopbackCluster cluster;
  private static GatewayClient gateway;
  private static JavaProcess gatewayProcess;

  @BeforeAll
  static void startTracedCluster() throws Exception {
    receiver = new OtlpReceiver();
    // The processes inherit none of the developer's OTEL_* variables (LoopbackCluster): these are all they get.
    Map<String, String> tracing = Map.of("TRACING", "true",
        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
        "OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_TRACES_SAMPLER", "parentbased_always_on",
        // An operator's choice beside our default (tracecontext): the baggage propagator logs what it refuses.
        "OTEL_PROPAGATORS", "tracecontext,baggage",
        "OTEL_BSP_SCHEDULE_DELAY", "100");
    cluster = new LoopbackCluster("eventgate-tracing");
    JavaProcess appointments = cluster.start("tracing-appointments", LoopbackCluster.APPOINTMENTS_JAR, tracing);
    int http = TestSystem.freePort();
    Map<String, String> gatewayEnv = new HashMap<>(tracing);
    gatewayEnv.putAll(Map.of("HTTP_PORT", String.valueOf(http), "ADMIN_PORT", String.valueOf(TestSystem.freePort()),
        "ADMIN_TOKEN", TestSystem.ADMIN_TOKEN, "JWT_SECRET", TestSystem.JWT_SECRET, "HTTP_INSTANCES", "1"));
    gatewayProcess = cluster.start("tracing-gateway", LoopbackCluster.GATEWAY_JAR, gatewayEnv);
    gateway = new GatewayClient("http://127.0.0.1:" + http, Duration.ofSeconds(15));
    appointments.awaitOutput("appointments service ready", START);
    gatewayProcess.awaitHttp(gateway.baseUrl() + "/health/ready", START);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theServiceInAnotherProcessContinuesTheTraceUnderTheGatewaysMessage() throws Exception {
    String token = gateway.token(TestSystem.ERIN, TestSystem.PASSWORD, null);
    Answer answer = gateway.send(gateway.request(GatewayClient.READ)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .header("traceparent", "00-" + CLIENT_TRACE + '-' + CLIENT_SPAN + "-01")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("_id", APPOINTMENT_1).encode())));
    assertThat(answer.status()).isEqualTo("action-successful");

    // Each process exports a span when it ends, in batches of its own: wait for the last of each kind.
    List<ReceivedSpan> trace = await(spans -> spans.stream().anyMatch(s -> s.kind().equals("SPAN_KIND_SERVER")
        && s.name().equals("POST")) && spans.stream().anyMatch(s -> s.kind().equals("SPAN_KIND_SERVER")
        && s.name().equals("send") && s.service().equals("eventgate-appointments")));
    ReceivedSpan http = one(trace, s -> s.kind().equals("SPAN_KIND_SERVER") && s.name().equals("POST"));
    assertThat(http.service()).isEqualTo("eventgate-gateway");
    assertThat(http.parentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(answer.header("traceparent")).isEqualTo("00-" + CLIENT_TRACE + '-' + http.spanId() + "-01");
    assertThat(one(trace, s -> s.name().equals("validate")).parentSpanId()).isEqualTo(http.spanId());

    ReceivedSpan sent = one(trace, s -> s.name().equals("send") && s.kind().equals("SPAN_KIND_CLIENT"));
    assertThat(sent.service()).isEqualTo("eventgate-gateway");
    assertThat(sent.parentSpanId()).isEqualTo(http.spanId());
    ReceivedSpan received = one(trace, s -> s.name().equals("send") && s.kind().equals("SPAN_KIND_SERVER"));
    assertThat(received.service()).as("received in the other process").isEqualTo("eventgate-appointments");
    assertThat(received.parentSpanId()).isEqualTo(sent.spanId());
    ReceivedSpan work = one(trace, s -> s.name().equals("appointments read"));
    assertThat(work.service()).isEqualTo("eventgate-appointments");
    assertThat(work.parentSpanId()).isEqualTo(received.spanId());
    ReceivedSpan sql = one(trace, s -> s.name().equals("Query") && s.service().equals("eventgate-appointments"));
    assertThat(sql.parentSpanId()).isEqualTo(work.spanId());
  }

  @Test
  void whatTheSdkLogsIsALogLineWithoutAStackTrace() throws Exception {
    // Badly encoded baggage: the SDK logs a warning through java.util.logging, with the parse failure (which
    // quotes the client's bytes) as its exception.
    Answer answer = gateway.send(gateway.request(GatewayClient.READ)
        .header("Content-Type", "application/json")
        .header("baggage", "eventgate=%zz")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(answer.status()).isEqualTo("invalid-token");
    gatewayProcess.awaitOutput("Skipping invalid baggage member", WAIT);
    assertThat(gatewayProcess.output().lines())
        .filteredOn(line -> line.contains("Skipping invalid baggage member")).singleElement().asString()
        .contains(" WARN ");
    assertThat(gatewayProcess.output().lines())
        .noneMatch(line -> line.startsWith("\tat ") || line.contains("Invalid URL encoding"));
  }

  private static List<ReceivedSpan> await(Predicate<List<ReceivedSpan>> complete) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<ReceivedSpan> spans = receiver.spans().stream().filter(s -> s.traceId().equals(CLIENT_TRACE)).toList();
      if (complete.test(spans)) {
        return spans;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the trace is incomplete after " + WAIT + ": " + spans);
      }
      Thread.sleep(50);
    }
  }

  private static ReceivedSpan one(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> found = trace.stream().filter(which).toList();
    assertThat(found).as("one such span among " + trace).hasSize(1);
    return found.get(0);
  }
}
