package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One request's trace in the all-in-one, exported in memory: the client's {@code traceparent} is continued,
 * the gateway's stages are children of the HTTP span, the event-bus message crosses to the service, whose
 * work and SQL sit under the message; the answer carries the trace, and so do the access log and the
 * notifications. An internal caller continues its own trace the same way. With tracing off (the shared
 * {@link TestSystem}), no answer carries a {@code traceparent}.
 */
class TracingTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";
  /** Version 00; the flags are the SDK's: sampled, and (W3C level 2) a random trace id for one it started. */
  private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";
  private static final List<String> STAGES =
      List.of("identify", "rate limit", "authenticate", "rate limit caller", "read body", "validate");

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static OpenTelemetrySdk otel;
  private static AllInOne app;
  private static GatewayClient client;
  private static String adminUrl;

  @BeforeAll
  static void startTracedSystem() throws Exception {
    TestSystem shared = TestSystem.get();
    otel = OpenTelemetrySdk.builder()
        // Exported as every process exports: through Tracing.exported.
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(Tracing.exported(SPANS))).build())
        .setPropagators(ContextPropagators.create(Tracing.propagated(W3CTraceContextPropagator.getInstance())))
        .build();
    app = AllInOne.start(new JsonObject()
        .put("PG_URL", shared.pg().url())
        .put("HTTP_PORT", TestSystem.freePort())
        .put("ADMIN_PORT", TestSystem.freePort())
        .put("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN)
        .put("JWT_SECRET", TestSystem.JWT_SECRET)
        .put("JWT_ISSUER", TestSystem.ISSUER)
        .put("JWT_AUDIENCE", TestSystem.AUDIENCE)
        .put("HTTP_INSTANCES", 1)
        .put("DEMO_DATA", false), Tracing.with(otel));
    ServiceConsumer.register(app.vertx().eventBus(), Tracing.with(otel), TestRegistry.CRASH_ADDRESS,
        Map.of("crash", request -> {
          // A fault of its own (its request id in the detail): its notification is no other crash's, traced or
          // not, of the same minute in the tests' database.
          throw new IllegalStateException(TestRegistry.SECRET_DETAIL + " (request " + request.requestId() + ')');
        })).completion().await();
    client = new GatewayClient(app.baseUrl(), Duration.ofSeconds(20));
    adminUrl = app.adminUrl();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (otel != null) {
      otel.close();
    }
  }

  @BeforeEach
  void forgetEarlierSpans() {
    SPANS.reset();
  }

  @Test
  void aReadIsOneTraceFromTheClientThroughTheStagesAndTheEventBusToTheServiceAndItsSql() throws Exception {
    String token = client.token(TestSystem.ERIN, TestSystem.PASSWORD, false);
    SPANS.reset();
    Answer answer = client.send(client.request(GatewayClient.READ)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .header("traceparent", "00-" + CLIENT_TRACE + '-' + CLIENT_SPAN + "-01")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("_id", APPOINTMENT_1).encode())));
    assertThat(answer.status()).isEqualTo("action-successful");

    // The HTTP span ends last, once the answer is written.
    Trace trace = Trace.await(CLIENT_TRACE, spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER
        && s.getName().equals("POST")));
    SpanData http = trace.one(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST"));
    assertThat(http.getParentSpanId()).as("the HTTP span continues the client's").isEqualTo(CLIENT_SPAN);
    assertThat(http.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(answer.header("traceparent")).isEqualTo("00-" + CLIENT_TRACE + '-' + http.getSpanId() + "-01");

    for (String stage : STAGES) {
      assertThat(trace.one(s -> s.getName().equals(stage)).getParentSpanId()).as(stage).isEqualTo(http.getSpanId());
    }
    SpanData sent = trace.one(s -> s.getName().equals("send") && s.getKind() == SpanKind.CLIENT);
    assertThat(sent.getParentSpanId()).isEqualTo(http.getSpanId());
    SpanData received = trace.one(s -> s.getName().equals("send") && s.getKind() == SpanKind.SERVER);
    assertThat(received.getParentSpanId()).isEqualTo(sent.getSpanId());
    SpanData work = trace.one(s -> s.getName().equals("appointments read"));
    assertThat(work.getParentSpanId()).isEqualTo(received.getSpanId());
    SpanData sql = trace.one(s -> s.getName().equals("Query") && s.getParentSpanId().equals(work.getSpanId()));
    assertThat(sql.getKind()).isEqualTo(SpanKind.CLIENT);

    assertThat(MemoryAppender.lines()).filteredOn(line -> line.contains("eventgate.access")
        && line.contains(answer.header("X-Request-Id"))).singleElement().asString()
        .contains(" trace=" + CLIENT_TRACE + " ");
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceAndEveryEnvelopeAnswerCarriesIt() throws Exception {
    Answer refused = client.post(GatewayClient.READ, "{}", null);
    assertThat(refused.status()).isEqualTo("invalid-token");
    String traceparent = refused.header("traceparent");
    assertThat(traceparent).matches(TRACEPARENT);
    assertThat(Integer.parseInt(traceparent.substring(53), 16) & 1).as("sampled").isEqualTo(1);
    String traceId = traceparent.substring(3, 35);
    Trace trace = Trace.await(traceId, spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    SpanData http = trace.one(s -> s.getKind() == SpanKind.SERVER);
    assertThat(http.getParentSpanContext().isValid()).as("a trace of its own").isFalse();
    assertThat(traceparent).contains(http.getSpanId());
    // The stage that answered saw a catalog answer, not a fault of its own.
    assertThat(trace.one(s -> s.getName().equals("authenticate")).getAttributes().get(Tracing.STATUS))
        .isEqualTo("invalid-token");

    // A 4xx answer is the client's fault, not the span's.
    assertThat(http.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    Answer unknown = client.post("/no/such/route", "{}", null);
    assertThat(unknown.status()).isEqualTo("route-non-existent");
    assertThat(unknown.header("traceparent")).matches(TRACEPARENT);
  }

  @Test
  void aMalformedTraceparentIsIgnoredAndANewTraceStarted() throws Exception {
    for (String hostile : new String[] {"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-" + CLIENT_TRACE + "-0000000000000000-01", "ff-" + CLIENT_TRACE + '-' + CLIENT_SPAN + "-01",
        "00-" + CLIENT_TRACE.toUpperCase() + '-' + CLIENT_SPAN + "-01", "not a traceparent; 00-" + CLIENT_TRACE, "x".repeat(4096)}) {
      Answer answer = client.send(client.request(GatewayClient.READ)
          .header("Content-Type", "application/json")
          .header("traceparent", hostile)
          .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(answer.status()).as(hostile).isEqualTo("invalid-token");
      assertThat(answer.header("traceparent")).as(hostile).matches(TRACEPARENT).doesNotContain(CLIENT_TRACE);
    }
  }

  @Test
  void aClientsTracestateCrossesTheEventBusUnlessItIsOver512Characters() throws Exception {
    String token = client.token(TestSystem.ERIN, TestSystem.PASSWORD, false);
    // Twenty members of 250 characters: valid W3C, about 5 KB, within the limit of a request's headers.
    StringBuilder huge = new StringBuilder("k0=" + "v".repeat(246));
    for (int member = 1; member < 20; member++) {
      huge.append(",k").append(member).append('=').append("v".repeat(246));
    }
    String[][] cases = {{"7bf92f3577b34da6a3ce929d0e0e4736", "congo=t61rcWkgMzE"},
        {"8bf92f3577b34da6a3ce929d0e0e4736", huge.toString()}};
    for (String[] sent : cases) {
      Answer answer = client.send(client.request(GatewayClient.READ)
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token)
          .header("traceparent", "00-" + sent[0] + '-' + CLIENT_SPAN + "-01")
          .header("tracestate", sent[1])
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("_id", APPOINTMENT_1).encode())));
      assertThat(answer.status()).isEqualTo("action-successful");
      assertThat(answer.header("traceparent")).as("the trace is continued").startsWith("00-" + sent[0] + '-');
      Trace trace = Trace.await(sent[0], spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER
          && s.getName().equals("POST")));
      // The service's work is a child of the message it received: what the message carried, it has.
      String expected = sent[1].length() > 512 ? "" : sent[1];
      assertThat(trace.spans()).as(sent[1].length() + " characters").extracting(s -> s.getSpanContext()
          .getTraceState().asMap().entrySet().stream().map(e -> e.getKey() + '=' + e.getValue())
          .reduce((a, b) -> a + ',' + b).orElse("")).containsOnly(expected);
      trace.one(s -> s.getName().equals("appointments read"));
    }
  }

  @Test
  void aClientThatDoesNotSampleGetsItsTraceBackAndNothingIsRecorded() throws Exception {
    String unsampled = "0af7651916cd43dd8448eb211c80319c";
    Answer answer = client.send(client.request(GatewayClient.READ)
        .header("Content-Type", "application/json")
        .header("traceparent", "00-" + unsampled + "-b7ad6b7169203331-00")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(answer.status()).isEqualTo("invalid-token");
    assertThat(answer.header("traceparent")).startsWith("00-" + unsampled + '-').endsWith("-00");
    // A sampled request after it is exported; had the first been, it would be exported before.
    client.post("/no/such/route", "{}", null);
    Trace.await(null, spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    assertThat(SPANS.getFinishedSpanItems()).noneMatch(s -> s.getTraceId().equals(unsampled));
  }

  @Test
  void aCrashNotificationNamesItsTraceBesideItsRequestId() throws Exception {
    Answer answer = client.send(client.request(TestRegistry.CRASH)
        .header("Content-Type", "application/json")
        .header("traceparent", "00-" + CLIENT_TRACE + '-' + CLIENT_SPAN + "-01")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(answer.status()).isEqualTo("application-crash");
    String requestId = answer.header("X-Request-Id");
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonObject notification = null;
    while (notification == null && System.nanoTime() < deadline) {
      Thread.sleep(200);
      JsonArray list = new GatewayClient(adminUrl).send(new GatewayClient(adminUrl)
          .request("/admin/notifications?page=1").header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN)
          .GET()).data().getJsonArray("notifications");
      notification = list.stream().map(JsonObject.class::cast)
          .filter(n -> requestId.equals(n.getString("last_request_id"))).findFirst().orElse(null);
    }
    assertThat(notification).as("the notification of request " + requestId).isNotNull();
    assertThat(notification.getString("trace_id")).isEqualTo(CLIENT_TRACE);
    assertThat(notification.getString("last_trace_id")).isEqualTo(CLIENT_TRACE);
  }

  @Test
  void aServiceFailureLeavesNoInternalDetailOrTokenInAnySpan() throws Exception {
    String token = client.token(TestSystem.ERIN, TestSystem.PASSWORD, false);
    String crashTrace = "6bf92f3577b34da6a3ce929d0e0e4736";
    Answer answer = client.send(client.request(TestRegistry.CRASH)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .header("traceparent", "00-" + crashTrace + '-' + CLIENT_SPAN + "-01")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(answer.status()).isEqualTo("application-crash");

    Trace trace = Trace.await(crashTrace, spans -> spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER
        && s.getName().equals("POST")));
    // A 5xx answer is an error of the HTTP span, described by its status only.
    SpanData http = trace.one(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST"));
    assertThat(http.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, "application-crash"));
    // Vert.x records the service's failure on the message's span: the exception's type stays.
    SpanData sent = trace.one(s -> s.getName().equals("send") && s.getKind() == SpanKind.CLIENT);
    assertThat(sent.getEvents()).filteredOn(e -> e.getName().equals("exception")).singleElement()
        .satisfies(e -> assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.type"))).isNotBlank());
    for (SpanData span : SPANS.getFinishedSpanItems()) {
      List<String> values = new ArrayList<>();
      values.add(span.getName());
      values.add(span.getStatus().getDescription());
      span.getAttributes().forEach((key, value) -> values.add(String.valueOf(value)));
      span.getEvents().forEach(e -> e.getAttributes().forEach((key, value) -> values.add(String.valueOf(value))));
      assertThat(values).as(span.getName() + " of " + span.getTraceId())
          .noneMatch(value -> value.contains(TestRegistry.SECRET_DETAIL) || value.contains(token));
    }
  }

  @Test
  void anInternalCallerInsideASpanContinuesItsTraceThroughTheService() throws Exception {
    Caller erin = new Caller("10000000-0000-4000-8000-000000000003", null, null,
        "e0000000-0000-4000-8000-000000000001", null, "b0000000-0000-4000-8000-000000000001");
    ServiceClient services = new ServiceClient(app.vertx().eventBus(),
        CallerAssertions.withKey(app.settings().string("CALLER_KEY")));
    // A job of some verticle: its own span, current on its own Vert.x context, as in any handler.
    ContextInternal job = ((ContextInternal) app.vertx().getOrCreateContext()).duplicate();
    Promise<String> traceId = Promise.promise();
    Promise<ServiceReply> reply = Promise.promise();
    job.runOnContext(v -> {
      Span span = otel.getTracer("reminders").spanBuilder("send reminders").startSpan();
      try (Scope scope = span.makeCurrent()) {
        traceId.complete(span.getSpanContext().getTraceId());
        services.request("appointments", new ServiceRequest("read", new JsonObject().put("_id", APPOINTMENT_1),
            erin, "internal-trace-1"), 5_000).onComplete(reply).onComplete(done -> span.end());
      }
    });
    assertThat(reply.future().await().data().getString("_id")).isEqualTo(APPOINTMENT_1);

    Trace trace = Trace.await(traceId.future().await(), spans -> spans.stream().anyMatch(
        s -> s.getName().equals("send reminders")));
    SpanData root = trace.one(s -> s.getName().equals("send reminders"));
    SpanData sent = trace.one(s -> s.getName().equals("send") && s.getKind() == SpanKind.CLIENT);
    assertThat(sent.getParentSpanId()).isEqualTo(root.getSpanId());
    SpanData received = trace.one(s -> s.getName().equals("send") && s.getKind() == SpanKind.SERVER);
    assertThat(received.getParentSpanId()).isEqualTo(sent.getSpanId());
    SpanData work = trace.one(s -> s.getName().equals("appointments read"));
    assertThat(work.getParentSpanId()).isEqualTo(received.getSpanId());
    assertThat(trace.one(s -> s.getName().equals("Query")).getParentSpanId()).isEqualTo(work.getSpanId());
  }

  @Test
  void anInternalCallerOutsideAnySpanMakesNoTrace() throws Exception {
    Caller erin = new Caller("10000000-0000-4000-8000-000000000003", null, null,
        "e0000000-0000-4000-8000-000000000001", null, "b0000000-0000-4000-8000-000000000001");
    ServiceClient services = new ServiceClient(app.vertx().eventBus(),
        CallerAssertions.withKey(app.settings().string("CALLER_KEY")));
    ContextInternal job = ((ContextInternal) app.vertx().getOrCreateContext()).duplicate();
    Promise<ServiceReply> reply = Promise.promise();
    job.runOnContext(v -> services.request("appointments", new ServiceRequest("read",
        new JsonObject().put("_id", APPOINTMENT_1), erin, "internal-untraced-1"), 5_000).onComplete(reply));
    assertThat(reply.future().await().data().getString("_id")).isEqualTo(APPOINTMENT_1);
    // The service's span, had it made one, ended before it replied (and was exported as it ended).
    assertThat(SPANS.getFinishedSpanItems()).extracting(SpanData::getName)
        .doesNotContain("appointments read", "Query");
  }

  @Test
  void withTracingOffNoAnswerCarriesATraceparentAndTheAccessLogSaysSo() {
    TestSystem off = TestSystem.get();
    Answer answer = off.post(GatewayClient.READ, "{}", null);
    assertThat(answer.status()).isEqualTo("invalid-token");
    assertThat(answer.headers().firstValue("traceparent")).isEmpty();
    assertThat(MemoryAppender.lines()).filteredOn(line -> line.contains("eventgate.access")
        && line.contains(answer.header("X-Request-Id"))).singleElement().asString().contains(" trace=- ");
  }

  @Test
  void withTracingOffVertxHasNoTracerAtAll() {
    // Off costs nothing by construction: no tracer, so Vert.x makes no span, header or context local.
    assertThat(((VertxInternal) TestSystem.get().app().vertx()).tracer()).isNull();
    assertThat(((VertxInternal) app.vertx()).tracer()).as("the traced all-in-one's").isNotNull();
  }

  /** The finished spans of one trace (or of all, for a null id), once {@code complete} says they are all in. */
  private record Trace(List<SpanData> spans) {

    static Trace await(String traceId, Predicate<List<SpanData>> complete) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        List<SpanData> spans = SPANS.getFinishedSpanItems().stream()
            .filter(s -> traceId == null || s.getTraceId().equals(traceId)).toList();
        if (complete.test(spans)) {
          return new Trace(spans);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the trace is incomplete after " + WAIT + ": " + describe(spans));
        }
        Thread.sleep(20);
      }
    }

    SpanData one(Predicate<SpanData> which) {
      List<SpanData> found = spans.stream().filter(which).toList();
      assertThat(found).as("one such span among " + describe(spans)).hasSize(1);
      return found.get(0);
    }

    private static String describe(List<SpanData> spans) {
      return spans.stream().map(s -> s.getName() + '/' + s.getKind() + '/' + s.getSpanId() + "<-" + s.getParentSpanId())
          .toList().toString();
    }
  }
}
