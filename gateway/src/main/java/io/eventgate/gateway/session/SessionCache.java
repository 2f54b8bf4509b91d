package io.eventgate.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified sessions, kept a few seconds so a burst of requests costs one query: concurrent requests for a
 * session wait on one load; a load still running when its session is invalidated is not put back.
 *
 * <p>A logout must hold on every gateway before it is answered, so invalidation is acknowledged, not
 * broadcast: each process's cache consumes an event-bus address of its own, listed in a cluster-wide map
 * (a local one in a single process), and {@link #invalidateEverywhere} asks every listed cache and waits
 * for each to answer. An address nobody consumes any more (a process that died) is dropped from the list;
 * a cache that does not answer within {@link #ACK_TIMEOUT_MS} is logged, and may serve the session until
 * its copy expires.
 */
public final class SessionCache {

  private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);
  /** The cluster-wide map of every session cache's invalidation address. */
  static final String CACHES_MAP = "eventgate.session-caches";
  private static final String ADDRESS_PREFIX = "eventgate.sessions.invalidate.";
  static final long ACK_TIMEOUT_MS = 2_000;

  private final AsyncCache<UUID, SessionRecord> cache;
  private Vertx vertx;
  private String address;
  private AsyncMap<String, Boolean> caches;

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

  /**
   * Starts answering invalidations on this process's own address, and lists it for the other processes;
   * call it before {@link #invalidateEverywhere}.
   */
  public Future<Void> listen(Vertx vertx) {
    this.vertx = vertx;
    this.address = ADDRESS_PREFIX + UUID.randomUUID();
    return vertx.eventBus().<String>consumer(address, message -> {
      try {
        invalidate(UUID.fromString(message.body()));
      } catch (IllegalArgumentException | NullPointerException e) {
        // not a session id: nothing to drop
      }
      message.reply(null);
    }).completion()
        .compose(v -> vertx.sharedData().<String, Boolean>getAsyncMap(CACHES_MAP))
        .compose(map -> {
          caches = map;
          return map.put(address, Boolean.TRUE);
        });
  }

  /** Drops the session here and in every other process's cache; completes once each has answered. */
  public Future<Void> invalidateEverywhere(UUID id) {
    invalidate(id);
    return caches.keys().compose(addresses -> {
      List<Future<Void>> acknowledged = addresses.stream()
          .filter(other -> !other.equals(address))
          .map(other -> acknowledge(other, id))
          .toList();
      return Future.join(acknowledged).mapEmpty();
    });
  }

  private Future<Void> acknowledge(String other, UUID id) {
    return vertx.eventBus().request(other, id.toString(), new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS))
        .<Void>mapEmpty()
        .recover(failure -> {
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            return caches.remove(other).mapEmpty(); // its process is gone, and its cache with it
          }
          LOG.warn("a session cache did not confirm an invalidation ({}); it may serve the session until its"
              + " copy expires", failure.getClass().getSimpleName());
          return Future.succeededFuture();
        });
  }
}
