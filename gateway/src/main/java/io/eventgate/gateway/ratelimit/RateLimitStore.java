package io.eventgate.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.core.HazelcastInstance;
import io.eventgate.common.cluster.Cluster;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the token buckets of every rate limit live (Bucket4j): in a bounded local cache when the process
 * runs alone, in the cluster's own Hazelcast when it is clustered, so that every gateway of a cluster takes
 * from the same bucket and N gateways never allow N times a limit. A bucket is forgotten once it has refilled.
 */
public final class RateLimitStore {

  /** Buckets one process keeps at most: an attacker with many addresses cannot grow the heap without bound. */
  private static final long MAX_LOCAL_BUCKETS = 100_000;
  /** How long a bucket is kept after it is full again: nothing about it is left to remember. */
  private static final Duration KEEP_FULL_BUCKET = Duration.ofSeconds(1);
  /** A bucket store that does not answer within this is treated as down: the request is let through. */
  private static final long TIMEOUT_MS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitStore.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AsyncProxyManager<String> buckets;
  private final String kind;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  private RateLimitStore(AsyncProxyManager<String> buckets, String kind) {
    this.buckets = buckets;
    this.kind = kind;
  }

  /** The cluster's store when {@code vertx} is clustered on Hazelcast, else a local one. */
  public static RateLimitStore of(Vertx vertx) {
    if (vertx.isClustered() && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager cluster) {
      HazelcastInstance hazelcast = cluster.getHazelcastInstance();
      return new RateLimitStore(Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(Cluster.RATE_LIMIT_MAP))
          .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKET))
          .build().asAsync(), "hazelcast");
    }
    return local();
  }

  public static RateLimitStore local() {
    return new RateLimitStore(Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(MAX_LOCAL_BUCKETS))
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKET))
        .build().asAsync(), "local");
  }

  /** {@code local} or {@code hazelcast}: for the start-up log and the warning when the store fails. */
  public String kind() {
    return kind;
  }

  /** Takes one token from the bucket {@code key}, made with {@code configuration} if it does not exist. */
  public Future<ConsumptionProbe> take(String key, BucketConfiguration configuration) {
    return onContext(bucket(key, configuration).tryConsumeAndReturnRemaining(1));
  }

  /** Gives back one token taken from the bucket {@code key}. */
  public Future<Void> giveBack(String key, BucketConfiguration configuration) {
    return onContext(bucket(key, configuration).addTokens(1));
  }

  /** The bucket {@code key}, made with {@code configuration} when it does not exist yet. */
  private AsyncBucketProxy bucket(String key, BucketConfiguration configuration) {
    return buckets.builder().build(key, () -> CompletableFuture.completedFuture(configuration));
  }

  /**
   * Says that a limit is not being enforced because this store failed: at most once a minute, since a
   * client could otherwise fill the log by sending requests while the store is down.
   */
  public void warnDown(String what, Throwable failure) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warn("{} are not enforced: the {} bucket store failed ({}); requests are let through", what, kind,
          failure.getClass().getSimpleName());
    }
  }

  /** Whole seconds, rounded up; no overflow near {@code Long.MAX_VALUE}, which Bucket4j answers for "never". */
  public static long seconds(long nanos) {
    return nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
  }

  /** Back on the caller's event loop (Hazelcast completes on its own threads), bounded in time. */
  private static <T> Future<T> onContext(CompletableFuture<T> result) {
    Context context = Vertx.currentContext();
    Future<T> future = context == null ? Future.fromCompletionStage(result)
        : Future.fromCompletionStage(result, context);
    return future.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
