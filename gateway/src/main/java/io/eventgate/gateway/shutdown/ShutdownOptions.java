package io.eventgate.gateway.shutdown;

import io.eventgate.common.config.Settings;
import java.time.Duration;

/**
 * How a gateway stops: {@code SHUTDOWN_GRACE_MS} of serving as usual after readiness turns 503, then at most
 * {@code DRAIN_TIMEOUT_MS} for the requests in flight once the listeners close.
 */
public record ShutdownOptions(long graceMs, long drainTimeoutMs) {

  /** Room after the drain for the last notifications and a bounded undeploy. */
  private static final long MARGIN_MS = 5_000;

  public static ShutdownOptions from(Settings settings) {
    long grace = settings.integer("SHUTDOWN_GRACE_MS");
    long drain = settings.integer("DRAIN_TIMEOUT_MS");
    if (grace < 0 || drain < 0) {
      throw new IllegalArgumentException("SHUTDOWN_GRACE_MS and DRAIN_TIMEOUT_MS must not be negative");
    }
    return new ShutdownOptions(grace, drain);
  }

  /** The longest a whole drain may take: a launcher stops waiting for it after this. */
  public Duration bound() {
    return Duration.ofMillis(graceMs + drainTimeoutMs + MARGIN_MS);
  }
}
