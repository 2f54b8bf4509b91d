package io.eventgate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.bus.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the session cache promises: one load for concurrent lookups, no caching of a miss or a failure, an
 * invalidation that a load still running cannot undo, and an invalidation acknowledged by every cache
 * listed. A non-clustered Vert.x stands in for the cluster, with its local shared data, as in the
 * all-in-one.
 */
@ExtendWith(VertxExtension.class)
class SessionCacheTest {

  private static final UUID ID = UUID.fromString("50000000-0000-4000-8000-000000000001");

  private final SessionCache cache = new SessionCache(Duration.ofMinutes(1));
  /** Each load the cache asks for, in order; the test completes them. */
  private final List<Promise<SessionRecord>> loads = new CopyOnWriteArrayList<>();
  private final Function<UUID, Future<SessionRecord>> loader = id -> {
    Promise<SessionRecord> load = Promise.promise();
    loads.add(load);
    return load.future();
  };

  @Test
  void sessionsLoadedTogetherAreKeptForRandomLifetimesWithinTheLastHalfOfThePeriod() {
    SessionCache fiveMinutes = new SessionCache(Duration.ofMinutes(5));
    List<Duration> lifetimes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      UUID id = UUID.randomUUID();
      fiveMinutes.get(id, key -> Future.succeededFuture(record()));
      lifetimes.add(fiveMinutes.expiresAfter(id).orElseThrow());
    }
    assertThat(lifetimes).allSatisfy(lifetime -> assertThat(lifetime)
        .isGreaterThan(Duration.ofSeconds(149)).isLessThanOrEqualTo(Duration.ofMinutes(5)));
    // Spread, not bunched: 200 uniform draws over 150 s leave no 60 s gap at either end (odds below 1e-40).
    assertThat(lifetimes.stream().min(Duration::compareTo).orElseThrow()).isLessThan(Duration.ofSeconds(210));
    assertThat(lifetimes.stream().max(Duration::compareTo).orElseThrow()).isGreaterThan(Duration.ofSeconds(240));
  }

  @Test
  void concurrentLookupsShareOneLoad(VertxTestContext testContext) {
    SessionRecord record = record();
    List<Future<SessionRecord>> lookups = List.of(cache.get(ID, loader), cache.get(ID, loader),
        cache.get(ID, loader));
    assertThat(loads).hasSize(1);
    loads.get(0).complete(record);
    Future.all(lookups).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
      assertThat(all.<SessionRecord>list()).containsOnly(record);
      assertThat(loads).hasSize(1);
      testContext.completeNow();
    })));
  }

  @Test
  void aLoadedSessionIsServedWithoutLoadingAgain(VertxTestContext testContext) {
    SessionRecord record = record();
    Future<SessionRecord> first = cache.get(ID, loader);
    loads.get(0).complete(record);
    first.compose(loaded -> cache.get(ID, loader))
        .onComplete(testContext.succeeding(again -> testContext.verify(() -> {
          assertThat(again).isSameAs(record);
          assertThat(loads).hasSize(1);
          testContext.completeNow();
        })));
  }

  @Test
  void differentSessionsLoadSeparately(VertxTestContext testContext) {
    UUID other = UUID.randomUUID();
    Future<SessionRecord> first = cache.get(ID, loader);
    Future<SessionRecord> second = cache.get(other, loader);
    assertThat(loads).hasSize(2);
    SessionRecord record = record();
    loads.get(0).complete(record);
    loads.get(1).complete(null);
    Future.all(first, second).onComplete(testContext.succeeding(both -> testContext.verify(() -> {
      assertThat(first.result()).isSameAs(record);
      assertThat(second.result()).isNull();
      testContext.completeNow();
    })));
  }

  @Test
  void aSessionThatDoesNotExistIsNotCached(VertxTestContext testContext) {
    Future<SessionRecord> first = cache.get(ID, loader);
    loads.get(0).complete(null);
    first.compose(missing -> {
      Future<SessionRecord> again = cache.get(ID, loader);
      loads.get(1).complete(record());
      return again;
    }).onComplete(testContext.succeeding(found -> testContext.verify(() -> {
      assertThat(first.result()).isNull();
      assertThat(found).isNotNull();
      assertThat(loads).hasSize(2);
      testContext.completeNow();
    })));
  }

  @Test
  void aFailedLoadFailsEveryWaiterAndIsNotCached(VertxTestContext testContext) {
    Future<SessionRecord> first = cache.get(ID, loader);
    Future<SessionRecord> second = cache.get(ID, loader);
    loads.get(0).fail(new IllegalStateException("the pool is closed"));
    Future.join(first, second).onComplete(testContext.failing(failure -> testContext.verify(() -> {
      assertThat(first.cause()).hasMessage("the pool is closed");
      assertThat(second.cause()).hasMessage("the pool is closed");
      cache.get(ID, loader);
      assertThat(loads).as("the next lookup loads again").hasSize(2);
      testContext.completeNow();
    })));
  }

  @Test
  void anInvalidationDuringALoadIsNotUndoneByIt(VertxTestContext testContext) {
    SessionRecord stale = record();
    SessionRecord revoked = record();
    Future<SessionRecord> before = cache.get(ID, loader);
    cache.invalidate(ID);
    loads.get(0).complete(stale);
    before.compose(loaded -> {
      Future<SessionRecord> after = cache.get(ID, loader);
      assertThat(loads).as("the session was read again after its invalidation").hasSize(2);
      loads.get(1).complete(revoked);
      return after;
    }).onComplete(testContext.succeeding(after -> testContext.verify(() -> {
      assertThat(before.result()).as("the lookup that started the load still gets its answer").isSameAs(stale);
      assertThat(after).isSameAs(revoked);
      testContext.completeNow();
    })));
  }

  @Test
  void aLookupContinuesOnItsOwnContextWhereverTheLoadCompletes(Vertx vertx, VertxTestContext testContext) {
    Context asking = vertx.getOrCreateContext();
    Context loading = vertx.getOrCreateContext();
    Checkpoint continued = testContext.checkpoint();
    asking.runOnContext(v -> cache.get(ID, loader).onComplete(testContext.succeeding(record ->
        testContext.verify(() -> {
          assertThat(Vertx.currentContext()).isSameAs(asking);
          continued.flag();
        }))));
    asking.runOnContext(v -> loading.runOnContext(w -> loads.get(0).complete(record())));
  }

  @Test
  void invalidateEverywhereDropsTheSessionInEveryListedCache(Vertx vertx, VertxTestContext testContext) {
    SessionCache other = new SessionCache(Duration.ofMinutes(1));
    SessionRecord record = record();
    Function<UUID, Future<SessionRecord>> counting = countingLoader(record, new AtomicInteger());
    AtomicInteger otherLoads = new AtomicInteger();
    Function<UUID, Future<SessionRecord>> otherLoader = countingLoader(record, otherLoads);

    Future.all(cache.listen(vertx), other.listen(vertx))
        .compose(v -> Future.all(cache.get(ID, counting), other.get(ID, otherLoader)))
        .compose(v -> cache.invalidateEverywhere(ID))
        .onComplete(testContext.succeeding(v -> {
          // Acknowledged: the other cache has already dropped it, so its next lookup reads the session again.
          other.get(ID, otherLoader).onComplete(testContext.succeeding(again -> testContext.verify(() -> {
            assertThat(otherLoads).hasValue(2);
            testContext.completeNow();
          })));
        }));
  }

  @Test
  void invalidateEverywhereDropsTheOwnCopyToo(Vertx vertx, VertxTestContext testContext) {
    AtomicInteger count = new AtomicInteger();
    Function<UUID, Future<SessionRecord>> counting = countingLoader(record(), count);
    cache.listen(vertx)
        .compose(v -> cache.get(ID, counting))
        .compose(v -> cache.invalidateEverywhere(ID))
        .compose(v -> cache.get(ID, counting))
        .onComplete(testContext.succeeding(again -> testContext.verify(() -> {
          assertThat(count).hasValue(2);
          testContext.completeNow();
        })));
  }

  @Test
  void aListedCacheThatIsGoneIsDroppedFromTheList(Vertx vertx, VertxTestContext testContext) {
    String gone = "eventgate.sessions.invalidate." + UUID.randomUUID();
    cache.listen(vertx)
        .compose(v -> caches(vertx))
        .compose(map -> map.put(gone, Boolean.TRUE)
            .compose(v -> cache.invalidateEverywhere(ID))
            .compose(v -> map.keys()))
        .onComplete(testContext.succeeding(listed -> testContext.verify(() -> {
          assertThat(listed).hasSize(1).doesNotContain(gone);
          testContext.completeNow();
        })));
  }

  @Test
  void aCacheThatDoesNotAnswerDelaysButDoesNotFailTheInvalidation(Vertx vertx, VertxTestContext testContext) {
    String silent = "eventgate.sessions.invalidate." + UUID.randomUUID();
    long start = System.nanoTime();
    vertx.eventBus().consumer(silent, message -> {
      // takes the invalidation and never answers
    }).completion()
        .compose(v -> cache.listen(vertx))
        .compose(v -> caches(vertx))
        .compose(map -> map.put(silent, Boolean.TRUE)
            .compose(v -> cache.invalidateEverywhere(ID))
            .compose(v -> map.keys()))
        .onComplete(testContext.succeeding(listed -> testContext.verify(() -> {
          assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(SessionCache.ACK_TIMEOUT_MS);
          assertThat(listed).as("a slow cache is still listed").contains(silent).hasSize(2);
          testContext.completeNow();
        })));
  }

  @Test
  void somethingOtherThanASessionIdIsAnsweredAndIgnored(Vertx vertx, VertxTestContext testContext) {
    AtomicInteger count = new AtomicInteger();
    Function<UUID, Future<SessionRecord>> counting = countingLoader(record(), count);
    cache.listen(vertx)
        .compose(v -> cache.get(ID, counting))
        .compose(v -> caches(vertx))
        .compose(map -> map.keys())
        .compose(listed -> vertx.eventBus().request(listed.iterator().next(), "not-a-uuid"))
        .compose(answer -> cache.get(ID, counting))
        .onComplete(testContext.succeeding(record -> testContext.verify(() -> {
          assertThat(count).as("the cached session was kept").hasValue(1);
          testContext.completeNow();
        })));
  }

  @Test
  void eachLookupIsCountedAsAHitOrAMiss(VertxTestContext testContext) {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    SessionCache counted = new SessionCache(Duration.ofMinutes(1), metrics);
    Future<SessionRecord> first = counted.get(ID, loader);
    Future<SessionRecord> joining = counted.get(ID, loader);
    loads.get(0).complete(record());
    Future.all(first, joining)
        .compose(v -> counted.get(ID, loader))
        .compose(v -> counted.get(UUID.randomUUID(), loader))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(lookups(metrics, "miss")).as("the two loads").isEqualTo(2);
          assertThat(lookups(metrics, "hit")).as("a lookup that joined a load, and one from the cache")
              .isEqualTo(2);
          testContext.completeNow();
        })));
    loads.get(1).complete(null);
  }

  @Test
  void invalidateUserDropsEverySessionOfThatUserAndNoOther(VertxTestContext testContext) {
    UUID second = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    SessionRecord one = record(ID, "user-1");
    SessionRecord two = record(second, "user-1");
    SessionRecord other = record(stranger, "user-2");
    AtomicInteger count = new AtomicInteger();
    Function<UUID, Future<SessionRecord>> byId = id -> {
      count.incrementAndGet();
      return Future.succeededFuture(id.equals(ID) ? one : id.equals(second) ? two : other);
    };
    Future.all(cache.get(ID, byId), cache.get(second, byId), cache.get(stranger, byId))
        .compose(v -> {
          cache.invalidateUser("user-1");
          return Future.all(cache.get(ID, byId), cache.get(second, byId), cache.get(stranger, byId));
        })
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(count).as("three first loads, then the two sessions of user-1 again").hasValue(5);
          testContext.completeNow();
        })));
  }

  @Test
  void invalidateUserDropsALoadStillRunning(VertxTestContext testContext) {
    Future<SessionRecord> before = cache.get(ID, loader);
    cache.invalidateUser("someone");
    loads.get(0).complete(record());
    before.compose(loaded -> {
      Future<SessionRecord> after = cache.get(ID, loader);
      loads.get(1).complete(record());
      return after;
    }).onComplete(testContext.succeeding(after -> testContext.verify(() -> {
      assertThat(loads).as("a load whose user was unknown when the user changed is read again").hasSize(2);
      testContext.completeNow();
    })));
  }

  @Test
  void invalidateUserEverywhereDropsTheUsersSessionsInEveryListedCache(Vertx vertx,
      VertxTestContext testContext) {
    SessionCache other = new SessionCache(Duration.ofMinutes(1));
    SessionRecord record = record(ID, "user-1");
    AtomicInteger ownLoads = new AtomicInteger();
    AtomicInteger otherLoads = new AtomicInteger();
    Function<UUID, Future<SessionRecord>> own = countingLoader(record, ownLoads);
    Function<UUID, Future<SessionRecord>> otherLoader = countingLoader(record, otherLoads);
    Future.all(cache.listen(vertx), other.listen(vertx))
        .compose(v -> Future.all(cache.get(ID, own), other.get(ID, otherLoader)))
        .compose(v -> cache.invalidateUserEverywhere("user-1"))
        .compose(v -> Future.all(cache.get(ID, own), other.get(ID, otherLoader)))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(ownLoads).hasValue(2);
          assertThat(otherLoads).as("acknowledged: the other cache had dropped it").hasValue(2);
          testContext.completeNow();
        })));
  }

  private static double lookups(SimpleMeterRegistry metrics, String result) {
    return metrics.get("eventgate.session.cache.requests").tag("result", result).counter().count();
  }

  private static Future<AsyncMap<String, Boolean>> caches(Vertx vertx) {
    return vertx.sharedData().getAsyncMap(SessionCache.CACHES_MAP);
  }

  private static Function<UUID, Future<SessionRecord>> countingLoader(SessionRecord record, AtomicInteger count) {
    return id -> {
      count.incrementAndGet();
      return Future.succeededFuture(record);
    };
  }

  private static SessionRecord record() {
    return record(ID, UUID.randomUUID().toString());
  }

  private static SessionRecord record(UUID id, String userId) {
    Instant now = Instant.now();
    return new SessionRecord(id, userId, false, now, now, false, Caller.ANONYMOUS, now);
  }
}
