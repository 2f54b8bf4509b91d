package io.eventgate.common.api;

import io.vertx.core.json.JsonObject;

/**
 * The one failure type of the request path: a catalog status, a message safe to show a client, and the
 * offending param where there is one. Stack traces are not filled in: these are answers, not bugs.
 *
 * <p>A failure operators must look at ({@code application-crash}, {@code mandrill-email-failed}) also
 * carries a {@link #detail()}: what went wrong inside (exception class and message, a provider's answer).
 * It travels with the failure to the gateway, which records it as an operator notification; the envelope
 * is built from status, message and param only, so the detail never reaches a client.
 */
public final class ApiException extends RuntimeException {

  private static final int MAX_DETAIL = 1_000;

  private final Status status;
  private final String param;
  private final JsonObject session;
  private final String detail;
  private final long retryAfterSeconds;

  private ApiException(Status status, String message, String param, JsonObject session, String detail,
      long retryAfterSeconds) {
    super(message == null ? status.defaultMessage() : message, null, false, false);
    this.status = status;
    this.param = param;
    this.session = session;
    this.detail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
    this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
  }

  public ApiException(Status status, String message, String param, JsonObject session) {
    this(status, message, param, session, null, 0);
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

  /** A failure with what happened inside, for operators only. */
  public static ApiException withDetail(Status status, String message, String detail) {
    return new ApiException(status, message, null, null, detail, 0);
  }

  /**
   * A failure the client may retry after {@code seconds} (at least 1): the gateway sends it as
   * {@code Retry-After}, and it crosses the event bus with the failure.
   */
  public static ApiException retryAfter(Status status, String message, long seconds) {
    return new ApiException(status, message, null, null, null, Math.max(1, seconds));
  }

  /** An unexpected error, described for operators by its class and message. */
  public static ApiException crash(Throwable cause) {
    return withDetail(Status.APPLICATION_CRASH, null, describe(cause));
  }

  public static String describe(Throwable cause) {
    return cause.getClass().getName() + ": " + cause.getMessage();
  }

  /** What happened inside, for operators; {@code null} for an ordinary answer. */
  public String detail() {
    return detail;
  }

  /** Seconds after which the client may try again; 0 when the failure does not say. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
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

  /**
   * The {@code status}, {@code message} and {@code param} as sent in an event-bus failure (docs/API.md
   * section 7), plus the operator {@code detail} and {@code retry_after_seconds} when there are some.
   */
  public JsonObject toFailureJson() {
    JsonObject json = new JsonObject().put("status", status.code()).put("message", getMessage());
    if (param != null) {
      json.put("param", param);
    }
    if (detail != null) {
      json.put("detail", detail);
    }
    if (retryAfterSeconds > 0) {
      json.put("retry_after_seconds", retryAfterSeconds);
    }
    return json;
  }

  /** The failure an event-bus {@link #toFailureJson()} describes; {@code null} if its status is unknown. */
  public static ApiException fromFailureJson(JsonObject json) {
    Status status = Status.fromCode(json.getString("status"));
    if (status == null || status == Status.ACTION_SUCCESSFUL) {
      return null;
    }
    Object retryAfter = json.getValue("retry_after_seconds");
    return new ApiException(status, json.getString("message"), json.getString("param"), null,
        json.getString("detail"), retryAfter instanceof Number seconds ? seconds.longValue() : 0);
  }
}
