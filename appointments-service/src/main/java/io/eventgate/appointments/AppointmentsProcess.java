package io.eventgate.appointments;

import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.db.PgSettings;
import io.eventgate.common.launch.ProcessVerticle;
import io.eventgate.common.tracing.Tracing;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appointments service of a process, as one parent verticle: one {@link AppointmentsVerticle} per event
 * loop, consuming the service's address, each with its own pipelined connection to the database (the read
 * needs no transaction, so it takes no connection from a pool). Undeploying it lets each answer the requests
 * it already took.
 */
public final class AppointmentsProcess extends ProcessVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(AppointmentsProcess.class);

  private final PgSettings pg;
  private final Tracing tracing;
  private final int instances;
  private final CallerAssertions callers;

  /** @param callers checks the callers sent to the service (docs/EVENTBUS.md section 7) */
  public AppointmentsProcess(PgSettings pg, Tracing tracing, int instances, CallerAssertions callers) {
    this.pg = pg;
    this.tracing = tracing;
    this.instances = instances;
    this.callers = callers;
  }

  @Override
  public Future<?> start() {
    return vertx.deployVerticle(() -> new AppointmentsVerticle(pg, tracing, callers, AppointmentsVerticle.ADDRESS),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> LOG.info("appointments service ready on the event bus ({} instances)", instances));
  }
}
