package io.eventgate.gateway.ratelimit;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.registry.RateLimit;
import io.eventgate.gateway.registry.RateLimits;
import io.eventgate.gateway.registry.RouteRecord;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a route's rate limits (docs/API.md section 2): per client address, then per route, right after the
 * route is identified; per caller right after authentication. The address comes first, so a flood from one
 * address is refused before it spends the route's shared budget. A limit that refuses a request takes no
 * token from it; the per-address token of a request the per-route limit then refuses stays spent.
 *
 * <p>A bucket store that fails or does not answer in time lets the request through, and says so in the log
 * once a minute: a limit protects the services, and an outage of the store must not become an outage of
 * the API.
 */
public final class RouteLimiter {

  private static final Future<Verdict> NO_LIMITS = Future.succeededFuture(Verdict.NONE);

  private final RateLimitStore store;
  private final Map<RateLimit, BucketConfiguration> configurations = new ConcurrentHashMap<>();

  public RouteLimiter(RateLimitStore store) {
    this.store = store;
  }

  /** The per-address and per-route limits for a client at {@code clientAddress} (see {@link ClientAddresses}). */
  public Future<Verdict> admitRequest(RouteRecord route, String clientAddress) {
    RateLimits limits = route.rateLimits();
    if (limits.perAddress() == null && limits.perRoute() == null) {
      return NO_LIMITS;
    }
    List<Quota> quotas = new ArrayList<>(2);
    String clientKey = limits.perAddress() == null ? "" : ClientAddresses.key(clientAddress);
    return check(route, "address", limits.perAddress(), clientKey, quotas)
        .compose(verdict -> verdict != null ? Future.succeededFuture(verdict)
            : check(route, "route", limits.perRoute(), "", quotas))
        .map(verdict -> verdict != null ? verdict : new Verdict(List.copyOf(quotas), null));
  }

  /** The per-caller limit, counted by the session's user. */
  public Future<Verdict> admitCaller(RouteRecord route, String userId) {
    RateLimit limit = route.rateLimits().perCaller();
    if (limit == null || userId == null) {
      return NO_LIMITS;
    }
    List<Quota> quotas = new ArrayList<>(1);
    return check(route, "caller", limit, userId, quotas)
        .map(verdict -> verdict != null ? verdict : new Verdict(List.copyOf(quotas), null));
  }

  /** Takes a token; adds the quota met, and answers a refusal verdict, or null when the request may go on. */
  private Future<Verdict> check(RouteRecord route, String policy, RateLimit limit, String subject,
      List<Quota> quotas) {
    if (limit == null) {
      return Future.succeededFuture();
    }
    // The limit is part of the key: a route whose limit an operator changes starts from fresh buckets.
    String key = policy + '|' + route.key() + '|' + limit.requests() + '/' + limit.windowSeconds() + '/'
        + limit.burst() + '|' + subject;
    return store.take(key, configurations.computeIfAbsent(limit, RouteLimiter::configuration))
        .map(probe -> {
          if (probe.isConsumed()) {
            quotas.add(new Quota(policy, limit, probe.getRemainingTokens(), RateLimitStore.seconds(probe.getNanosToWaitForReset())));
            return null;
          }
          long retryAfter = Math.max(1, RateLimitStore.seconds(probe.getNanosToWaitForRefill()));
          quotas.add(new Quota(policy, limit, 0, retryAfter));
          return new Verdict(List.copyOf(quotas), ApiException.retryAfter(Status.RATE_LIMITED,
              message(policy, retryAfter), retryAfter));
        })
        .recover(failure -> {
          store.warnDown("rate limits", failure);
          return Future.succeededFuture();
        });
  }

  static BucketConfiguration configuration(RateLimit limit) {
    return BucketConfiguration.builder()
        .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
            .refillGreedy(limit.requests(), Duration.ofSeconds(limit.windowSeconds())))
        .build();
  }

  private static String message(String policy, long retryAfter) {
    String who = switch (policy) {
      case "address" -> "Too many requests from this address";
      case "caller" -> "Too many requests from this user";
      default -> "Too many requests on this route";
    };
    return who + "; try again in " + retryAfter + (retryAfter == 1 ? " second." : " seconds.");
  }
}
