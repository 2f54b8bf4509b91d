package io.eventgate.gateway.http;

import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Puts an envelope on the wire: the catalog's HTTP code, the JSON content type, the request id header, and
 * the headers every envelope carries (docs/API.md section 1): {@code no-store}, since answers may hold a
 * token or personal data, and {@code nosniff}, so no browser reads JSON as anything else.
 */
public final class EnvelopeResponse {

  public static final String CONTENT_TYPE = "application/json; charset=utf-8";
  public static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  public static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  public static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private EnvelopeResponse() {
  }

  /** Sends the envelope on a response not yet ended; completes once it is written. */
  public static Future<Void> send(HttpServerResponse response, Status status, JsonObject envelope) {
    return response.setStatusCode(status.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .putHeader(RequestIds.HEADER, envelope.getString("request_id"))
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .putHeader(X_CONTENT_TYPE_OPTIONS, NOSNIFF)
        .end(JsonBuffers.encode(envelope));
  }
}
