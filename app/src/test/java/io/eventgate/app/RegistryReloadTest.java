package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.db.Database;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How {@link Registry#reload()} coalesces, on the real registry tables: reloads asked for while one runs are
 * served by one more read, and each completes only once a read that began after it was asked for is done,
 * so a caller that changed the registry and then asked for a reload never gets the snapshot from before.
 */
@ExtendWith(VertxExtension.class)
class RegistryReloadTest {

  private static final TestSystem SYSTEM = TestSystem.get();

  private Registry registry;
  private final AtomicInteger failures = new AtomicInteger();

  @BeforeEach
  void create(Vertx vertx) {
    Pool pool = Database.pool(vertx, SYSTEM.pg(), 2);
    // Not started: no LISTEN and no periodic check, so every read here is one this test asked for.
    registry = new Registry(vertx, new RegistryStore(pool), failure -> failures.incrementAndGet(), 60_000);
  }

  private static long storedVersion() {
    return ((Number) SYSTEM.queryValue("SELECT version FROM registry_version")).longValue();
  }

  @Test
  void aReloadAskedForAfterAChangeServesTheChangeEvenWhileAnotherRuns(VertxTestContext testContext) {
    Future<Void> running = registry.reload();
    // The change commits while the first read may still be running; the reload asked for after it must
    // not be answered by that read.
    SYSTEM.update("UPDATE registry_version SET version = version + 1");
    long changed = storedVersion();
    Future.all(running, registry.reload())
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(registry.snapshot().version()).isGreaterThanOrEqualTo(changed);
          assertThat(failures).hasValue(0);
          testContext.completeNow();
        })));
  }

  @Test
  void manyReloadsAskedForAtOnceAllCompleteOnTheLatestSnapshot(VertxTestContext testContext) {
    List<Future<Void>> reloads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      reloads.add(registry.reload());
    }
    long latest = storedVersion();
    Future.all(reloads)
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(reloads).allMatch(Future::succeeded);
          assertThat(registry.loaded()).isTrue();
          assertThat(registry.snapshot().version()).isGreaterThanOrEqualTo(latest);
          testContext.completeNow();
        })));
  }
}
