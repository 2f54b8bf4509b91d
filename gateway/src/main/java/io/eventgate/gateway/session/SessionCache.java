package io.eventgate.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified sessions, kept for {@code SESSION_CACHE_SECONDS} so a session in use costs one query per period:
 * each copy for a random {@link #SHORTEST_LIFETIME} to all of it, so that sessions loaded together (every
 * active session just after a restart, a burst of logins) are not all read again in the same second one
 * period later, but spread over half of it; the period stays the longest a copy is kept. Concurrent
 * requests for a session wait on one load; a load still running when its session is invalidated is not put
 * back. Each lookup counts as a hit (no query of its own, a shared load included) or a miss.
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
  /**
   * Sessions one gateway keeps verified at once (their records here, their tokens in {@link TokenService}):
   * enough for every session of a large deployment in use within the cache's time, about 70 MB at most for
   * both caches together.
   */
  static final int MAX_SESSIONS = 100_000;
  /** The shortest share of {@code SESSION_CACHE_SECONDS} a copy is kept. */
  static final double SHORTEST_LIFETIME = 0.5;
  /** A header that says an invalidation names a user (all of its sessions), not one session. */
  private static final String SCOPE = "scope";
  private static final String USER = "user";

  private final AsyncCache<UUID, SessionRecord> cache;
  private final Counter hits;
  private final Counter misses;
  private Vertx vertx;
  private String address;
  private AsyncMap<String, Boolean> caches;

  public SessionCache(Duration ttl) {
    this(ttl, null);
  }

  /** @param metrics where hits and misses are counted; {@code null} when metrics are off */
  public SessionCache(Duration ttl, MeterRegistry metrics) {
    long ttlNanos = ttl.toNanos();
    this.cache = Caffeine.newBuilder()
        .expireAfter(Expiry.<UUID, SessionRecord>writing((id, session) -> Duration.ofNanos(lifetime(ttlNanos))))
        .maximumSize(MAX_SESSIONS).buildAsync();
    this.hits = metrics == null ? null : lookups(metrics, "hit");
    this.misses = metrics == null ? null : lookups(metrics, "miss");
  }

  private static long lifetime(long ttlNanos) {
    long shortest = (long) (ttlNanos * SHORTEST_LIFETIME);
    return shortest + ThreadLocalRandom.current().nextLong(ttlNanos - shortest + 1);
  }

  /** How much longer this session's copy is kept, if one is (for tests). */
  Optional<Duration> expiresAfter(UUID id) {
    return cache.synchronous().policy().expireVariably().flatMap(policy -> policy.getExpiresAfter(id));
  }

  private static Counter lookups(MeterRegistry metrics, String result) {
    return Counter.builder("eventgate.session.cache.requests").tag("result", result)
        .description("Session lookups answered from the cache (hit) or by a query (miss)")
        .register(metrics);
  }

  /** The cached session, or the one {@code loader} reads (null when there is none: not cached). */
  public Future<SessionRecord> get(UUID id, Function<UUID, Future<SessionRecord>> loader) {
    Context context = Vertx.currentContext();
    boolean[] loaded = new boolean[1];
    var loading = cache.get(id, (key, executor) -> {
      loaded[0] = true; // Caffeine runs this on the calling thread, before get returns
      return loader.apply(key).toCompletionStage().toCompletableFuture();
    });
    Counter counter = loaded[0] ? misses : hits;
    if (counter != null) {
      counter.increment();
    }
    // The load may complete on another event loop; continue on the caller's.
    return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
  }

  public void invalidate(UUID id) {
    cache.synchronous().invalidate(id);
  }

  /** Drops every cached session of this user, and every load still running (it may be one of them). */
  public void invalidateUser(String userId) {
    cache.asMap().values().removeIf(session -> !session.isDone() || session.isCompletedExceptionally()
        || belongsTo(session.getNow(null), userId));
  }

  private static boolean belongsTo(SessionRecord session, String userId) {
    return session == null || session.userId().equals(userId); // null: a miss about to leave the cache
  }

  /**
   * Starts answering invalidations on this process's own address, and lists it for the other processes;
   * call it before {@link #invalidateEverywhere}.
   */
  public Future<Void> listen(Vertx vertx) {
    this.vertx = vertx;
    this.address = ADDRESS_PREFIX + UUID.randomUUID();
    return vertx.eventBus().<String>consumer(address, message -> {
      if (USER.equals(message.headers().get(SCOPE))) {
        dropUser(message.body()).onComplete(done -> message.reply(null));
        return;
      }
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
    return everywhere(id.toString(), new DeliveryOptions());
  }

  /**
   * Drops every session of the user here and in every other process's cache, for a change to what all of
   * them say about the user (its client, employee and liaison records); completes once each has answered.
   */
  public Future<Void> invalidateUserEverywhere(String userId) {
    return dropUser(userId).compose(v -> everywhere(userId, new DeliveryOptions().addHeader(SCOPE, USER)));
  }

  /** A walk over the whole cache: off the event loop, where its length cannot hold up requests. */
  private Future<Void> dropUser(String userId) {
    return vertx.executeBlocking(() -> {
      invalidateUser(userId);
      return null;
    }, false);
  }

  private Future<Void> everywhere(String body, DeliveryOptions options) {
    options.setSendTimeout(ACK_TIMEOUT_MS);
    return caches.keys().compose(addresses -> {
      List<Future<Void>> acknowledged = addresses.stream()
          .filter(other -> !other.equals(address))
          .map(other -> acknowledge(other, body, options))
          .toList();
      return Future.join(acknowledged).mapEmpty();
    });
  }

  private Future<Void> acknowledge(String other, String body, DeliveryOptions options) {
    return vertx.eventBus().request(other, body, options)
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
