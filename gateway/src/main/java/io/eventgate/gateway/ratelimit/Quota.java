package io.eventgate.gateway.ratelimit;

import io.eventgate.gateway.registry.RateLimit;

/**
 * Where one request left one of its limits: the policy ({@code address}, {@code route} or {@code caller}),
 * the limit, the tokens left and the seconds until the bucket is full again (or, when it refused the
 * request, until the next token).
 */
public record Quota(String policy, RateLimit limit, long remaining, long resetSeconds) {
}
