package io.eventgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The streamed encoding writes exactly the bytes {@link JsonObject#toBuffer()} writes. */
class JsonBuffersTest {

  @Test
  void anEnvelopeIsEncodedByteForByteAsBefore() {
    JsonObject envelope = new JsonObject()
        .put("status", "action-successful")
        .put("message", "Quotes \" backslashes \\ controls \u0001\n and </script> stay escaped as before.")
        .put("data", new JsonObject()
            .put("_id", "a0000000-0000-4000-8000-000000000001")
            .put("title", "Initial consultation – Clara Client \uD83D\uDE00 ü")
            .put("duration_minutes", 45)
            .put("big", 1234567890123L)
            .put("ratio", 0.25)
            .put("editable", true)
            .put("notes", (Object) null)
            .put("at", Instant.parse("2026-03-03T20:30:00Z"))
            .put("location", new JsonObject().put("name", "Plano").put("address", "1 Main St"))
            .put("list", new JsonArray().add(1).add("two").addNull().add(new JsonObject())))
        .put("request_id", "0f9c4e3a");
    assertThat(JsonBuffers.encode(envelope).getBytes()).isEqualTo(envelope.toBuffer().getBytes());
  }

  @Test
  void aBodyLargerThanTheFirstAllocationIsWhole() {
    JsonObject big = new JsonObject().put("text", "x".repeat(100_000));
    assertThat(JsonBuffers.encode(big).getBytes()).isEqualTo(big.toBuffer().getBytes());
  }
}
