package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.db.Database;
import io.eventgate.gateway.notifications.NotificationStore;
import io.eventgate.gateway.notifications.Notifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator notifications {@link Notifier} writes, read back from the real table: one row per distinct
 * fault and minute with its count, only the faults that concern operators, a bounded number held between
 * flushes, and what is still counted written on stop. Each test uses a route of its own, so the rows of
 * the rest of the suite do not matter.
 */
@ExtendWith(VertxExtension.class)
class NotifierTest {

  /** Notifier's bound on distinct faults held between two flushes. */
  private static final int MAX_PENDING = 1_000;

  private final String route = "notifier-test " + UUID.randomUUID();
  private Pool pool;
  private Notifier notifier;

  @BeforeEach
  void connect(Vertx vertx) {
    pool = Database.pool(vertx, TestSystem.get().pg(), 2);
    notifier = new Notifier(new NotificationStore(pool));
  }

  @Test
  void oneFaultWithinAMinuteIsOneRowWithItsCount(Vertx vertx, VertxTestContext testContext) {
    ApiException crash = ApiException.crash(new IllegalStateException("the pool is closed"));
    clearOfAMinuteBoundary(vertx)
        .compose(v -> {
          notifier.record(crash, route, "r1");
          notifier.record(crash, route, "r2");
          notifier.record(crash, route, "r3");
          return notifier.stop();
        })
        .compose(v -> {
          // A second flush in the same minute adds to the same row.
          notifier.record(crash, route, "r4");
          return notifier.stop();
        })
        .compose(v -> rows())
        .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
          assertThat(rows).containsExactly(new JsonObject().put("status", "application-crash")
              .put("detail", "java.lang.IllegalStateException: the pool is closed")
              .put("first_request_id", "r1").put("last_request_id", "r4").put("count", 4));
          testContext.completeNow();
        })));
  }

  @Test
  void distinctFaultsAreDistinctRows(Vertx vertx, VertxTestContext testContext) {
    notifier.record(ApiException.crash(new IllegalStateException("a")), route, "r1");
    notifier.record(ApiException.crash(new IllegalStateException("b")), route, "r2");
    notifier.record(ApiException.withDetail(Status.MANDRILL_EMAIL_FAILED, null, "a"), route, "r3");
    notifier.stop().compose(v -> rows()).onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
      assertThat(rows).extracting(row -> row.getString("status") + " " + row.getString("detail"))
          .containsExactlyInAnyOrder("application-crash java.lang.IllegalStateException: a",
              "application-crash java.lang.IllegalStateException: b", "mandrill-email-failed a");
      assertThat(rows).extracting(row -> row.getInteger("count")).containsOnly(1);
      testContext.completeNow();
    })));
  }

  @Test
  void onlyWhatConcernsOperatorsIsRecorded(Vertx vertx, VertxTestContext testContext) {
    notifier.record(ApiException.invalidParam("_id", "Param '_id' is not a uuid."), route, "r1");
    notifier.record(new ApiException(Status.SERVICE_TIMEOUT), route, "r2");
    notifier.record(new ApiException(Status.MANDRILL_EMAIL_FAILED), route, "r3");
    notifier.record(ApiException.withDetail(Status.SERVICE_UNAVAILABLE, null, "the pool is closed"), route, "r4");
    notifier.stop().compose(v -> rows()).onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
      assertThat(rows).extracting(row -> row.getString("first_request_id")).containsExactlyInAnyOrder("r3", "r4");
      testContext.completeNow();
    })));
  }

  @Test
  void aDetailPostgresqlCannotStoreDoesNotLoseTheBatch(Vertx vertx, VertxTestContext testContext) {
    notifier.record(ApiException.withDetail(Status.APPLICATION_CRASH, null, "bad\u0000byte"), route, "r1");
    notifier.record(ApiException.withDetail(Status.APPLICATION_CRASH, null, "fine"), route, "r2");
    notifier.stop().compose(v -> rows()).onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
      assertThat(rows).extracting(row -> row.getString("detail")).containsExactlyInAnyOrder("bad\uFFFDbyte", "fine");
      testContext.completeNow();
    })));
  }

  @Test
  void distinctFaultsBeyondTheBoundAreDroppedButKnownOnesStillCount(Vertx vertx, VertxTestContext testContext) {
    for (int i = 0; i < MAX_PENDING + 10; i++) {
      notifier.record(ApiException.withDetail(Status.APPLICATION_CRASH, null, "fault " + i), route, "r" + i);
    }
    notifier.record(ApiException.withDetail(Status.APPLICATION_CRASH, null, "fault 0"), route, "again");
    notifier.stop().compose(v -> rows()).onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
      assertThat(rows).hasSize(MAX_PENDING);
      assertThat(rows).filteredOn(row -> row.getString("detail").equals("fault 0"))
          .singleElement().satisfies(row -> {
            assertThat(row.getInteger("count")).isEqualTo(2);
            assertThat(row.getString("last_request_id")).isEqualTo("again");
          });
      testContext.completeNow();
    })));
  }

  @Test
  void stopWritesWhatIsCountedAndEndsThePeriodicFlush(Vertx vertx, VertxTestContext testContext) {
    notifier.start(vertx);
    notifier.record(ApiException.withDetail(Status.APPLICATION_CRASH, null, "before stop"), route, "r1");
    notifier.stop()
        .compose(v -> rows())
        .compose(atStop -> {
          testContext.verify(() -> assertThat(atStop).extracting(row -> row.getString("detail"))
              .containsExactly("before stop"));
          notifier.record(ApiException.withDetail(Status.APPLICATION_CRASH, null, "after stop"), route, "r2");
          // Well past the periodic flush's second: nothing writes it any more.
          return vertx.timer(1_500).compose(v -> rows());
        })
        .onComplete(testContext.succeeding(later -> testContext.verify(() -> {
          assertThat(later).extracting(row -> row.getString("detail")).containsExactly("before stop");
          testContext.completeNow();
        })));
  }

  /** This test's rows, without the columns that depend on the clock. */
  private Future<List<JsonObject>> rows() {
    return pool.preparedQuery("SELECT status, detail, first_request_id, last_request_id, count"
            + " FROM notifications WHERE route = $1 ORDER BY id")
        .execute(Tuple.of(route))
        .map(rows -> {
          List<JsonObject> list = new ArrayList<>();
          for (Row row : rows) {
            list.add(row.toJson());
          }
          return list;
        });
  }

  /** Waits out the last seconds of a minute, so that two flushes fall in the same one. */
  private static Future<Void> clearOfAMinuteBoundary(Vertx vertx) {
    int second = LocalTime.now().getSecond();
    return second < 50 ? Future.succeededFuture() : vertx.timer((61 - second) * 1_000L);
  }
}
