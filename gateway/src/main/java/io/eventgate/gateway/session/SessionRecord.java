package io.eventgate.gateway.session;

import io.eventgate.common.bus.Caller;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A session row as read, with the caller's records and the database's clock at the time of reading.
 * Held in the session cache for minutes and judged again at every request: {@link #dbNow()} carries the
 * database clock forward with the local monotonic clock, so a gateway whose wall clock is wrong cannot extend
 * a session, and {@link #claimTouch} keeps {@code last_used_at} fresh while the copy is used.
 */
public final class SessionRecord {

  private final UUID id;
  private final String userId;
  private final boolean rememberMe;
  private final Instant createdAt;
  private final AtomicReference<Instant> lastUsedAt;
  private final boolean revoked;
  private final Caller caller;
  private final Instant dbNowAtRead;
  private final long readAtNanos;

  public SessionRecord(UUID id, String userId, boolean rememberMe, Instant createdAt, Instant lastUsedAt,
      boolean revoked, Caller caller, Instant dbNowAtRead) {
    this.id = id;
    this.userId = userId;
    this.rememberMe = rememberMe;
    this.createdAt = createdAt;
    this.lastUsedAt = new AtomicReference<>(lastUsedAt);
    this.revoked = revoked;
    this.caller = caller;
    this.dbNowAtRead = dbNowAtRead;
    this.readAtNanos = System.nanoTime();
  }

  public UUID id() {
    return id;
  }

  public String userId() {
    return userId;
  }

  public boolean revoked() {
    return revoked;
  }

  public Caller caller() {
    return caller;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastUsedAt() {
    return lastUsedAt.get();
  }

  /** The database's clock now, estimated from its reading plus the monotonic time since. */
  public Instant dbNow() {
    return dbNowAtRead.plusNanos(System.nanoTime() - readAtNanos);
  }

  /** Older than 7 days or idle for more than 72 hours, unless remembered. */
  public boolean expired(Instant now) {
    if (rememberMe) {
      return false;
    }
    return Duration.between(createdAt, now).compareTo(SessionRules.MAX_AGE) > 0
        || Duration.between(lastUsedAt.get(), now).compareTo(SessionRules.MAX_IDLE) > 0;
  }

  /**
   * True for exactly one caller once {@code last_used_at} is a minute old: that caller writes it, and
   * every other request of the minute does not.
   */
  public boolean claimTouch(Instant now) {
    Instant last = lastUsedAt.get();
    return Duration.between(last, now).compareTo(SessionRules.TOUCH_INTERVAL) >= 0
        && lastUsedAt.compareAndSet(last, now);
  }

  /** When the session ends if it stays unused: the earlier of the age and idle limits; null if remembered. */
  public Instant expiresAt() {
    if (rememberMe) {
      return null;
    }
    Instant byAge = createdAt.plus(SessionRules.MAX_AGE);
    Instant byIdle = lastUsedAt.get().plus(SessionRules.MAX_IDLE);
    return byAge.isBefore(byIdle) ? byAge : byIdle;
  }

  /** The session object of docs/API.md section 5; {@code token} is included when given. */
  public JsonObject toJson(String token) {
    JsonObject json = new JsonObject().put("_id", id.toString());
    if (token != null) {
      json.put("token", token);
    }
    Instant expiresAt = expiresAt();
    return json.put("user_id", userId)
        .put("remember_me", rememberMe)
        .put("created_at", createdAt.toString())
        .put("last_used_at", lastUsedAt.get().toString())
        .put("expires_at", expiresAt == null ? null : expiresAt.toString());
  }
}
