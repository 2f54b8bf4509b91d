package io.eventgate.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Verified sessions, kept a few seconds so a burst of requests costs one query: concurrent requests for a
 * session wait on one load. A logout anywhere publishes the session id on {@link #INVALIDATE_ADDRESS} and
 * every process drops its copy; a load still running when its session is invalidated is not put back.
 */
public final class SessionCache {

  public static final String INVALIDATE_ADDRESS = "eventgate.sessions.invalidate";

  private final AsyncCache<UUID, SessionRecord> cache;

  public SessionCache(Duration ttl) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).buildAsync();
  }

  /** The cached session, or the one {@code loader} reads (null when there is none: not cached). */
  public Future<SessionRecord> get(UUID id, Function<UUID, Future<SessionRecord>> loader) {
    Context context = Vertx.currentContext();
    var loading = cache.get(id, (key, executor) -> loader.apply(key).toCompletionStage().toCompletableFuture());
    // The load may complete on another event loop; continue on the caller's.
    return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
  }

  public void invalidate(UUID id) {
    cache.synchronous().invalidate(id);
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
