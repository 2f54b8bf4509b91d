package io.eventgate.common.api;

import io.vertx.core.json.JsonObject;

/**
 * The one failure type of the request path: a catalog status, a message safe to show a client, and the
 * offending param where there is one. Stack traces are not filled in: these are answers, not bugs.
 */
public final class ApiException extends RuntimeException {

  private final Status status;
  private final String param;
  private final JsonObject session;

  public ApiException(Status status, String message, String param, JsonObject session) {
    super(message == null ? status.defaultMessage() : message, null, false, false);
    this.status = status;
    this.param = param;
    this.session = session;
  }

  public ApiException(Status status, String message, String param) {
    this(status, message, param, null);
  }

  public ApiException(Status status, String message) {
    this(status, message, null, null);
  }

  public ApiException(Status status) {
    this(status, null, null, null);
  }

  public static ApiException missingParam(String param) {
    return new ApiException(Status.MISSING_PARAM, "Param '" + param + "' is required.", param);
  }

  public static ApiException invalidParam(String param, String message) {
    return new ApiException(Status.INVALID_PARAM, message, param);
  }

  public Status status() {
    return status;
  }

  public String param() {
    return param;
  }

  public JsonObject session() {
    return session;
  }

  /** The {@code status}, {@code message} and {@code param} as sent in an event-bus failure (CONTRACT.md section 6). */
  public JsonObject toFailureJson() {
    JsonObject json = new JsonObject().put("status", status.code()).put("message", getMessage());
    if (param != null) {
      json.put("param", param);
    }
    return json;
  }
}
