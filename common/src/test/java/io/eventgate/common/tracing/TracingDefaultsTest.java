package io.eventgate.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.eventgate.common.config.Settings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autoconfigured SDK of a process with {@code TRACING=true}, as {@link Tracing#from} builds it: the
 * defaults the project gives it where the operator's {@code OTEL_*} variables do not say, and what it reads
 * of a client's trace context.
 */
class TracingDefaultsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";
  private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private Tracing tracing;

  @BeforeEach
  void buildTheSdk() {
    tracing = Tracing.from(new Settings(new JsonObject().put("TRACING", true)), "test");
  }

  @AfterEach
  void closeTheSdk() {
    tracing.close();
  }

  @Test
  void offThereIsNoSdk() {
    Tracing off = Tracing.from(new Settings(new JsonObject().put("TRACING", false)), "test");
    assertThat(off.on()).isFalse();
    assertThat(off.openTelemetry()).isNull();
  }

  @Test
  void onlyTheW3cTraceContextIsPropagatedByDefault() {
    assumeThat(System.getenv("OTEL_PROPAGATORS")).as("the developer's own OTEL_PROPAGATORS").isNull();
    assertThat(propagator().fields())
        .as("no baggage: its propagator logs every malformed member a client sends")
        .containsExactlyInAnyOrder("traceparent", "tracestate");
  }

  @Test
  void anAttributeValueIsCutAt1024CharactersByDefault() {
    assumeThat(System.getenv("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT")).isNull();
    assumeThat(System.getenv("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT")).isNull();
    OpenTelemetrySdk sdk = (OpenTelemetrySdk) tracing.openTelemetry();
    assertThat(sdk.getSdkTracerProvider().getSpanLimits().getMaxAttributeValueLength()).isEqualTo(1024);
  }

  @Test
  void aTracestateOver512CharactersIsDroppedAndTheTraceStillContinued() {
    // Two members, each within W3C's 256-character value: 256 + ',' + 255 characters.
    String longest = "a=" + "x".repeat(254) + ",b=" + "y".repeat(253);
    assertThat(longest).hasSize(512);
    SpanContext kept = extract(longest);
    assertThat(kept.getTraceId()).isEqualTo(TRACE);
    assertThat(kept.getTraceState().get("b")).isEqualTo("y".repeat(253));

    SpanContext dropped = extract(longest + "y");
    assertThat(dropped.getTraceId()).as("the traceparent is still continued").isEqualTo(TRACE);
    assertThat(dropped.getTraceState().isEmpty()).isTrue();
  }

  private SpanContext extract(String tracestate) {
    Context context = propagator().extract(Context.root(),
        Map.of("traceparent", TRACEPARENT, "tracestate", tracestate), HEADERS);
    return Span.fromContext(context).getSpanContext();
  }

  private TextMapPropagator propagator() {
    return tracing.openTelemetry().getPropagators().getTextMapPropagator();
  }
}
