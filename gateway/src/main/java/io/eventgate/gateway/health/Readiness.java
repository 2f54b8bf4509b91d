package io.eventgate.gateway.health;

import io.eventgate.gateway.registry.Registry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this gateway should receive traffic: its registry is loaded, PostgreSQL answers, and it is not
 * shutting down. Checked on demand with vertx-health-check, so it recovers by itself when they do.
 */
public final class Readiness {

  private static final long DATABASE_TIMEOUT_MS = 1_000;

  private final HealthChecks checks;
  private final AtomicBoolean draining = new AtomicBoolean();

  public Readiness(Vertx vertx, Registry registry, Pool pool) {
    this.checks = HealthChecks.create(vertx)
        .register("registry", promise -> promise.complete(registry.loaded() ? Status.OK() : Status.KO()))
        .register("database", DATABASE_TIMEOUT_MS, promise -> pool.query("SELECT 1").execute()
            .onComplete(ok -> promise.complete(Status.OK()), e -> promise.complete(Status.KO())))
        .register("accepting", promise -> promise.complete(draining.get() ? Status.KO() : Status.OK()));
  }

  /** From now on readiness is down: the process is shutting down. */
  public void drain() {
    draining.set(true);
  }

  /** {@code up} and the outcome of each check, as JSON. */
  public Future<Result> check() {
    return checks.checkStatus().map(result -> new Result(CheckResult.isUp(result), result.toJson()));
  }

  /** The outcome of a readiness check. */
  public record Result(boolean up, JsonObject json) {
  }
}
