package io.eventgate.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.UUID;

/**
 * Verified sessions, kept a few seconds so a burst of requests costs one query. A logout anywhere
 * publishes the session id on {@link #INVALIDATE_ADDRESS} and every process drops its copy.
 */
public final class SessionCache {

  public static final String INVALIDATE_ADDRESS = "eventgate.sessions.invalidate";

  private final Cache<UUID, SessionRecord> cache;

  public SessionCache(Duration ttl) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
  }

  public SessionRecord get(UUID id) {
    return cache.getIfPresent(id);
  }

  public void put(SessionRecord record) {
    cache.put(record.id(), record);
  }

  public void invalidate(UUID id) {
    cache.invalidate(id);
  }

  /** Drops the local copy and tells every other process of the event bus to drop theirs. */
  public void invalidateEverywhere(EventBus bus, UUID id) {
    invalidate(id);
    bus.publish(INVALIDATE_ADDRESS, id.toString());
  }

  public MessageConsumer<String> listen(EventBus bus) {
    return bus.consumer(INVALIDATE_ADDRESS, message -> {
      try {
        invalidate(UUID.fromString(message.body()));
      } catch (IllegalArgumentException | NullPointerException e) {
        // not a session id: nothing to drop
      }
    });
  }
}
