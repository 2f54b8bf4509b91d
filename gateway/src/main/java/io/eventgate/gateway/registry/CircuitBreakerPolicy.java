package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The circuit breaker a service record may carry (docs/API.md section 4): after {@code maxFailures} failures
 * within {@code windowSeconds}, with no success between them, the service is refused at once for
 * {@code openSeconds}; then one request is let through as a probe, and its success closes the breaker again.
 */
public record CircuitBreakerPolicy(int maxFailures, int windowSeconds, int openSeconds) {

  public static final int MAX_FAILURES = 10_000;
  public static final int MAX_WINDOW_SECONDS = 3_600;
  public static final int MAX_OPEN_SECONDS = 3_600;
  static final String FIELD = "circuit_breaker";
  private static final Set<String> FIELDS = Set.of("max_failures", "window_seconds", "open_seconds");

  /** Reads {@code circuit_breaker} of a service record; absent or null is no breaker ({@code null}). */
  static CircuitBreakerPolicy fromJson(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json)) {
      throw new InvalidRecordException(FIELD, FIELD + " must be an object with max_failures, window_seconds and"
          + " open_seconds, or null for none");
    }
    RegistryJson.onlyFields(FIELD + ".", json, FIELDS);
    return new CircuitBreakerPolicy(bounded(json, "max_failures", MAX_FAILURES),
        bounded(json, "window_seconds", MAX_WINDOW_SECONDS), bounded(json, "open_seconds", MAX_OPEN_SECONDS));
  }

  private static int bounded(JsonObject json, String name, int max) {
    Object value = json.getValue(name);
    String field = FIELD + "." + name;
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > max) {
      throw new InvalidRecordException(field, field + " is required and must be an integer from 1 to " + max);
    }
    return ((Number) value).intValue();
  }

  public JsonObject toJson() {
    return new JsonObject().put("max_failures", maxFailures).put("window_seconds", windowSeconds)
        .put("open_seconds", openSeconds);
  }

  /** The policy in words, for logs and notifications: "5 failures within 10 s open it for 30 s". */
  public String describe() {
    return maxFailures + (maxFailures == 1 ? " failure" : " failures") + " within " + windowSeconds
        + " s open it for " + openSeconds + " s";
  }
}
