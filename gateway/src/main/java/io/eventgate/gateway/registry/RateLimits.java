package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The limits a route record may set (docs/API.md sections 2 and 4), each optional: per client address and
 * per route as a whole, checked right after the route is identified; per caller (the session's user),
 * checked right after authentication.
 */
public record RateLimits(RateLimit perAddress, RateLimit perRoute, RateLimit perCaller) {

  public static final RateLimits NONE = new RateLimits(null, null, null);
  private static final Set<String> FIELDS = Set.of("per_address", "per_route", "per_caller");

  /** Reads {@code rate_limits} of a route record whose {@code auth} is given; absent or null is none. */
  static RateLimits fromJson(Object value, Auth auth) {
    if (value == null) {
      return NONE;
    }
    if (!(value instanceof JsonObject json)) {
      throw new InvalidRecordException("rate_limits", "rate_limits must be an object with per_address,"
          + " per_route and per_caller, each optional");
    }
    RegistryJson.onlyFields("rate_limits.", json, FIELDS);
    RateLimits limits = new RateLimits(optional(json, "per_address"), optional(json, "per_route"),
        optional(json, "per_caller"));
    if (limits.perCaller() != null && auth == Auth.NONE) {
      throw new InvalidRecordException("rate_limits.per_caller", "a per_caller limit needs a route whose auth"
          + " is session or role: a public route has no caller to count");
    }
    return limits;
  }

  private static RateLimit optional(JsonObject json, String field) {
    Object value = json.getValue(field);
    return value == null ? null : RateLimit.fromJson("rate_limits." + field, value);
  }

  public boolean none() {
    return perAddress == null && perRoute == null && perCaller == null;
  }

  /** Only the limits set; {@code {}} when there are none. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (perAddress != null) {
      json.put("per_address", perAddress.toJson());
    }
    if (perRoute != null) {
      json.put("per_route", perRoute.toJson());
    }
    if (perCaller != null) {
      json.put("per_caller", perCaller.toJson());
    }
    return json;
  }
}
