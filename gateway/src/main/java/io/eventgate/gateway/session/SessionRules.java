package io.eventgate.gateway.session;

import java.time.Duration;

/** The session lifetimes of docs/API.md section 5. */
public final class SessionRules {

  /** A session older than this has expired, unless created with {@code remember_me}. */
  public static final Duration MAX_AGE = Duration.ofDays(7);
  /** A session unused for longer than this has expired, unless created with {@code remember_me}. */
  public static final Duration MAX_IDLE = Duration.ofHours(72);
  /** {@code last_used_at} is written at most this often per session. */
  public static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private SessionRules() {
  }
}
