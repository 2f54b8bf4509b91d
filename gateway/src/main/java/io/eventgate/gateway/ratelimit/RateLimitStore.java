package io.eventgate.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
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

/**
 * Where the token buckets of every rate limit live (Bucket4j): in a bounded local cache when the process
 * runs alone, in the cluster's own Hazelcast when it is clustered, so that every gateway of a cluster takes
 * from the same bucket and N gateways never allow N times a limit. A bucket is forgotten once it has refilled.
 */
public final class RateLimitStore {

  /** The Hazelcast map of the buckets; its entry processors run on the member owning the key. */
  public static final String MAP = "eventgate.rate-limits";
  /** Buckets one process keeps at most: an attacker with many addresses cannot grow the heap without bound. */
  private static final long MAX_LOCAL_BUCKETS = 100_000;
  /** How long a bucket is kept after it is full again: nothing about it is left to remember. */
  private static final Duration KEEP_FULL_BUCKET = Duration.ofSeconds(1);
  /** A bucket store that does not answer within this is treated as down (see {@link RouteLimiter}). */
  static final long TIMEOUT_MS = 1_000;

  private final AsyncProxyManager<String> buckets;
  private final String kind;

  private RateLimitStore(AsyncProxyManager<String> buckets, String kind) {
    this.buckets = buckets;
    this.kind = kind;
  }

  /** The cluster's store when {@code vertx} is clustered on Hazelcast, else a local one. */
  public static RateLimitStore of(Vertx vertx) {
    if (vertx.isClustered() && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager cluster) {
      HazelcastInstance hazelcast = cluster.getHazelcastInstance();
      return new RateLimitStore(Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(MAP))
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

  /** {@code local} or {@code hazelcast}: for the start-up log and the readiness details. */
  public String kind() {
    return kind;
  }

  /** Takes one token from the bucket {@code key}, made with {@code configuration} if it does not exist. */
  public Future<ConsumptionProbe> take(String key, BucketConfiguration configuration) {
    return onContext(buckets.builder().build(key, () -> CompletableFuture.completedFuture(configuration))
        .tryConsumeAndReturnRemaining(1));
  }

  /** Whether the bucket {@code key} has a token, without taking it. */
  public Future<EstimationProbe> peek(String key, BucketConfiguration configuration) {
    return onContext(buckets.builder().build(key, () -> CompletableFuture.completedFuture(configuration))
        .estimateAbilityToConsume(1));
  }

  /** Takes one token whether or not one is left: counts something that already happened. */
  public Future<Void> record(String key, BucketConfiguration configuration) {
    return onContext(buckets.builder().build(key, () -> CompletableFuture.completedFuture(configuration))
        .consumeIgnoringRateLimits(1)).mapEmpty();
  }

  /** Back on the caller's event loop (Hazelcast completes on its own threads), bounded in time. */
  private static <T> Future<T> onContext(CompletableFuture<T> result) {
    Context context = Vertx.currentContext();
    Future<T> future = context == null ? Future.fromCompletionStage(result)
        : Future.fromCompletionStage(result, context);
    return future.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
