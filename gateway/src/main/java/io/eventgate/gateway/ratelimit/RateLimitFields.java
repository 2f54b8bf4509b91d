package io.eventgate.gateway.ratelimit;

import java.util.List;

/**
 * The IETF {@code RateLimit-Policy} and {@code RateLimit} response fields (draft-ietf-httpapi-ratelimit-headers,
 * structured-field lists): {@code "address";q=20;w=60} says a policy allows 20 requests per 60 seconds,
 * {@code "address";r=19;t=3} that 19 are left and the quota is whole again in 3 seconds.
 */
public final class RateLimitFields {

  public static final String POLICY = "RateLimit-Policy";
  public static final String STATE = "RateLimit";

  private RateLimitFields() {
  }

  public static String policy(List<Quota> quotas) {
    StringBuilder field = new StringBuilder();
    for (Quota quota : quotas) {
      separate(field).append('"').append(quota.policy()).append("\";q=").append(quota.limit().requests())
          .append(";w=").append(quota.limit().windowSeconds());
    }
    return field.toString();
  }

  public static String state(List<Quota> quotas) {
    StringBuilder field = new StringBuilder();
    for (Quota quota : quotas) {
      separate(field).append('"').append(quota.policy()).append("\";r=").append(quota.remaining())
          .append(";t=").append(quota.resetSeconds());
    }
    return field.toString();
  }

  private static StringBuilder separate(StringBuilder field) {
    return field.isEmpty() ? field : field.append(", ");
  }
}
