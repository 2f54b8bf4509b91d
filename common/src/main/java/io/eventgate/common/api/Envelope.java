package io.eventgate.common.api;

import io.vertx.core.json.JsonObject;

/** Builds the one response envelope of docs/API.md section 1, keys always in the same order. */
public final class Envelope {

  private Envelope() {
  }

  public static JsonObject of(Status status, String message, JsonObject data, JsonObject session, String param,
      String requestId) {
    JsonObject envelope = new JsonObject()
        .put("status", status.code())
        .put("message", message == null ? status.defaultMessage() : message);
    if (data != null) {
      envelope.put("data", data);
    }
    if (session != null) {
      envelope.put("session", session);
    }
    if (param != null) {
      envelope.put("param", param);
    }
    return envelope.put("request_id", requestId);
  }

  public static JsonObject failure(ApiException e, String requestId) {
    return of(e.status(), e.getMessage(), null, e.session(), e.param(), requestId);
  }
}
