package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.Status;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Puts an envelope on the wire: the catalog's HTTP code, the JSON content type, the request id header. */
public final class EnvelopeResponse {

  public static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private EnvelopeResponse() {
  }

  /** Sends the envelope unless the response was already ended; true when it was sent. */
  public static boolean send(HttpServerResponse response, Status status, JsonObject envelope) {
    if (response.ended()) {
      return false;
    }
    response.setStatusCode(status.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .putHeader(RequestIds.HEADER, envelope.getString("request_id"))
        .end(envelope.toBuffer());
    return true;
  }
}
