package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * One limit of a route (docs/API.md section 4): {@code requests} per {@code windowSeconds}, refilled evenly,
 * with at most {@code burst} taken at once. A token bucket of capacity {@code burst} that gains
 * {@code requests} tokens per window; a request takes one token, or is answered {@code rate-limited}.
 */
public record RateLimit(long requests, long windowSeconds, long burst) {

  public static final long MAX_REQUESTS = 1_000_000_000L;
  public static final long MAX_WINDOW_SECONDS = 86_400L;
  private static final Set<String> FIELDS = Set.of("requests", "window_seconds", "burst");

  /** Reads one limit; {@code field} names it in a refusal, e.g. {@code rate_limits.per_address}. */
  static RateLimit fromJson(String field, Object value) {
    if (!(value instanceof JsonObject json)) {
      throw new InvalidRecordException(field, field + " must be an object with requests, window_seconds and"
          + " optionally burst");
    }
    RegistryJson.onlyFields(field + ".", json, FIELDS);
    long requests = bounded(field + ".requests", json.getValue("requests"), MAX_REQUESTS, true);
    long window = bounded(field + ".window_seconds", json.getValue("window_seconds"), MAX_WINDOW_SECONDS, true);
    long burst = json.getValue("burst") == null ? requests
        : bounded(field + ".burst", json.getValue("burst"), MAX_REQUESTS, false);
    // A bucket is kept until it has refilled: one that would take longer than a day is refused, so that
    // no bucket is remembered for ever and every wait the headers give is a plain number of seconds.
    if ((double) burst * window / requests > MAX_WINDOW_SECONDS) {
      throw new InvalidRecordException(field + ".burst", field + ": burst / requests x window_seconds must be at"
          + " most " + MAX_WINDOW_SECONDS + " (an empty bucket refills within a day)");
    }
    return new RateLimit(requests, window, burst);
  }

  private static long bounded(String field, Object value, long max, boolean required) {
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > max) {
      throw new InvalidRecordException(field, field + (required ? " is required and" : "") + " must be an"
          + " integer from 1 to " + max);
    }
    return ((Number) value).longValue();
  }

  public JsonObject toJson() {
    return new JsonObject().put("requests", requests).put("window_seconds", windowSeconds).put("burst", burst);
  }

  /** The limit in words, for the docs: "10 requests per 60 s (bursts of up to 5)". */
  public String describe() {
    return requests + (requests == 1 ? " request" : " requests") + " per " + windowSeconds + " s"
        + (burst == requests ? "" : " (bursts of up to " + burst + ")");
  }
}
