package io.eventgate.gateway.users;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.ratelimit.ClientAddresses;
import io.eventgate.gateway.ratelimit.RateLimitStore;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;

/**
 * The limit on failed logins per account (README, "Security"). Failures are counted per email and client
 * address in the same buckets as the route limits (shared by the cluster): the first 5 come as fast as
 * the client likes, then one every 12 seconds until 20 in the hour, then one every 3 minutes. So the longer a guesser keeps on, the slower it
 * goes, and nothing is ever locked for good.
 *
 * <p>Counting per address as well as per email is what keeps this from being a weapon: someone guessing at a
 * victim's account slows only their own address, and the victim, from theirs, logs in as usual. Guessing
 * from many addresses is bounded by each address's own limits (the login route's per-address limit). An
 * unknown email is counted like a known one, so the limit says nothing about which accounts exist. A login
 * over the limit is refused before its password is hashed.
 */
public final class LoginThrottle {

  private static final BucketConfiguration FAILURES = BucketConfiguration.builder()
      .addLimit(limit -> limit.capacity(5).refillGreedy(5, Duration.ofMinutes(1)))
      .addLimit(limit -> limit.capacity(20).refillGreedy(20, Duration.ofHours(1)))
      .build();
  /** {@link #FAILURES} in words, for the API docs: change the two together. */
  public static final String RULE = "Too many failed logins for one email from one address: after 5, one every"
      + " 12 seconds, and 20 an hour at most.";

  private final RateLimitStore store;

  public LoginThrottle(RateLimitStore store) {
    this.store = store;
  }

  /**
   * Takes a failure in advance, so that logins sent at once cannot all be hashed on the strength of one token
   * left; fails with {@code rate-limited} when this email has no failure left to spend from this address.
   * A login that succeeds gives its token back ({@link #succeeded}).
   */
  public Future<Void> admit(String email, String clientAddress) {
    return store.take(key(email, clientAddress), FAILURES)
        .recover(failure -> storeDown(failure, null))
        .compose(probe -> {
          if (probe == null || probe.isConsumed()) {
            return Future.succeededFuture();
          }
          long seconds = Math.max(1, RateLimitStore.seconds(probe.getNanosToWaitForRefill()));
          return Future.failedFuture(ApiException.retryAfter(Status.RATE_LIMITED, "Too many failed logins for"
              + " this email from this address; try again in " + seconds + (seconds == 1 ? " second." : " seconds."),
              seconds));
        });
  }

  /** A login that succeeded was no failure: its token goes back. */
  public Future<Void> succeeded(String email, String clientAddress) {
    return store.giveBack(key(email, clientAddress), FAILURES).recover(failure -> storeDown(failure, null));
  }

  private static String key(String email, String clientAddress) {
    return "login-failures|" + (email == null ? "" : email.toLowerCase(Locale.ROOT)) + '|'
        + (clientAddress == null ? "internal" : ClientAddresses.key(clientAddress));
  }

  private <T> Future<T> storeDown(Throwable failure, T fallback) {
    store.warnDown("limits on failed logins", failure);
    return Future.succeededFuture(fallback);
  }
}
