package io.eventgate.gateway.health;

import io.eventgate.gateway.breaker.ServiceBreakers;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.shutdown.ClosingConnections;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this gateway should receive traffic: its registry is loaded, PostgreSQL answers, and it is not
 * shutting down. Checked on demand with vertx-health-check, so it recovers by itself when they do. The state
 * of each service's circuit breaker is shown too, but never makes the gateway unready: one failing service
 * must not take every gateway out of its load balancer, and with it every other service.
 */
public final class Readiness {

  private static final long DATABASE_TIMEOUT_MS = 1_000;
  /** How long one answer of PostgreSQL stands: probes, however many, cost one query a second at most. */
  private static final long DATABASE_CHECK_TTL_MS = 1_000;

  private final HealthChecks checks;
  private final AtomicReference<DatabaseCheck> database = new AtomicReference<>();

  public Readiness(Vertx vertx, Registry registry, Pool pool, ClosingConnections closing, ServiceBreakers breakers) {
    this.checks = HealthChecks.create(vertx)
        .register("registry", promise -> promise.complete(registry.loaded() ? Status.OK(registry.served())
            : Status.KO()))
        .register("database", DATABASE_TIMEOUT_MS, promise -> databaseUp(pool)
            .onComplete(up -> promise.complete(up.result() ? Status.OK() : Status.KO())))
        .register("accepting", promise -> promise.complete(closing.stopping() ? Status.KO() : Status.OK()))
        .register("circuit_breakers", promise -> promise.complete(Status.OK(breakers.states())));
  }

  /** The last check of PostgreSQL if it is recent, else a new one, shared by every probe meanwhile. */
  private Future<Boolean> databaseUp(Pool pool) {
    DatabaseCheck last = database.get();
    if (last != null && System.nanoTime() - last.startedAt < DATABASE_CHECK_TTL_MS * 1_000_000) {
      return last.result;
    }
    Promise<Boolean> result = Promise.promise();
    DatabaseCheck next = new DatabaseCheck(System.nanoTime(), result.future());
    if (!database.compareAndSet(last, next)) {
      return database.get().result;
    }
    pool.query("SELECT 1").execute().onComplete(ok -> result.complete(true), e -> result.complete(false));
    return result.future();
  }

  private record DatabaseCheck(long startedAt, Future<Boolean> result) {
  }

  /** {@code up} and the outcome of each check, as JSON. */
  public Future<Result> check() {
    return checks.checkStatus().map(result -> new Result(CheckResult.isUp(result), result.toJson()));
  }

  /** The outcome of a readiness check. */
  public record Result(boolean up, JsonObject json) {
  }
}
