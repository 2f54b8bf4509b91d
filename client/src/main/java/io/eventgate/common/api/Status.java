package io.eventgate.common.api;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The status catalog of docs/API.md section 2: every answer the gateway gives carries exactly one of these
 * codes, with the HTTP status the catalog fixes for it.
 */
public enum Status {
  ACTION_SUCCESSFUL("action-successful", 200, "The request succeeded."),
  INVALID_TOKEN("invalid-token", 401, "The token is missing, malformed, badly signed, or its session is not valid."),
  SESSION_EXPIRED("session-expired", 401, "The session has expired; log in again."),
  CLIENT_REQUIRED("client-required", 401,
      "This action needs a client, employee or liaison record; register as a client with POST /api/v1/users/client_register."),
  MISSING_PARAM("missing-param", 400, "A required param is missing."),
  INVALID_PARAM("invalid-param", 400, "A param is not valid."),
  APPLICATION_CRASH("application-crash", 500, "An unexpected error happened; try again later."),
  MANDRILL_EMAIL_FAILED("mandrill-email-failed", 500, "The email could not be sent; try again later."),
  INVALID_CONTENT_TYPE("invalid-content-type", 400, "Send the body as Content-Type: application/json; charset=utf-8."),
  ROUTE_NON_EXISTENT("route-non-existent", 500, "No route exists for this method and path."),
  NO_PARAMS_DECODED("no-params-decoded", 400, "The body held no params."),
  INVALID_ENCODED_PARAMS("invalid-encoded-params", 400, "The body could not be decoded as a JSON object."),
  ROUTE_NOT_FOUND("route-not-found", 404, "This route exists but is not deployed."),
  SERVICE_NOT_FOUND("service-not-found", 503, "The service of this route is not deployed."),
  IDENTIFY_REQUEST_ERROR("identify-request-error", 500, "The request could not be identified; try again later."),
  REQUEST_TOO_LARGE("request-too-large", 413, "The body is larger than this gateway accepts."),
  SERVICE_UNAVAILABLE("service-unavailable", 503, "No instance of the service is answering; try again later."),
  SERVICE_TIMEOUT("service-timeout", 504, "The service did not answer in time; try again later."),
  RATE_LIMITED("rate-limited", 429, "Too many requests; try again after the time Retry-After gives.");

  private static final Map<String, Status> BY_CODE =
      Stream.of(values()).collect(Collectors.toUnmodifiableMap(Status::code, Function.identity()));

  private final String code;
  private final int httpStatus;
  private final String defaultMessage;

  Status(String code, int httpStatus, String defaultMessage) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String defaultMessage() {
    return defaultMessage;
  }

  /** The status with this code, or {@code null} when the catalog has none. */
  public static Status fromCode(String code) {
    return code == null ? null : BY_CODE.get(code);
  }
}
