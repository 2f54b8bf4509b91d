package io.eventgate.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.eventgate.common.config.Settings;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The defaults the project gives the autoconfigured SDK, where the operator's OTEL_* variables do not say. */
class TracingDefaultsTest {

  @Test
  void offThereIsNoSdk() {
    Tracing tracing = Tracing.from(new Settings(new JsonObject().put("TRACING", false)), "test");
    assertThat(tracing.on()).isFalse();
    assertThat(tracing.openTelemetry()).isNull();
  }

  @Test
  void onlyTheW3cTraceContextIsPropagatedByDefault() {
    assumeThat(System.getenv("OTEL_PROPAGATORS")).as("the developer's own OTEL_PROPAGATORS").isNull();
    Tracing tracing = Tracing.from(new Settings(new JsonObject().put("TRACING", true)), "test");
    try {
      OpenTelemetry sdk = tracing.openTelemetry();
      assertThat(sdk.getPropagators().getTextMapPropagator().fields())
          .as("no baggage: its propagator logs every malformed member a client sends")
          .containsExactlyInAnyOrder("traceparent", "tracestate");
    } finally {
      tracing.close();
    }
  }
}
