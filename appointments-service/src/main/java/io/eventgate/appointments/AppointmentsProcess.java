package io.eventgate.appointments;

import io.eventgate.common.db.Database;
import io.eventgate.common.db.DatabaseOptions;
import io.eventgate.common.launch.ProcessVerticle;
import io.eventgate.common.tracing.Tracing;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appointments service of a process, as one parent verticle: one {@link AppointmentsVerticle} per event
 * loop, consuming the service's address. Undeploying it lets each answer the requests it already took. Run
 * alone ({@link AppointmentsMain}) it opens its own pool on {@code PG_URL}; in the all-in-one it shares the
 * process's pool.
 */
public final class AppointmentsProcess extends ProcessVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(AppointmentsProcess.class);

  private final DatabaseOptions database;
  private final Pool sharedPool;
  private final Tracing tracing;
  private final int instances;

  /** @param sharedPool the pool to use, or {@code null} to open one on the database's URL */
  public AppointmentsProcess(DatabaseOptions database, Pool sharedPool, Tracing tracing, int instances) {
    this.database = database;
    this.sharedPool = sharedPool;
    this.tracing = tracing;
    this.instances = instances;
  }

  @Override
  public Future<?> start() {
    Pool pool = sharedPool != null ? sharedPool : Database.pool(vertx, database.pg(), database.poolSize());
    return vertx.deployVerticle(() -> new AppointmentsVerticle(pool, tracing, AppointmentsVerticle.ADDRESS),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> LOG.info("appointments service ready on the event bus ({} instances)", instances));
  }
}
