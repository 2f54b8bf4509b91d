package io.eventgate.gateway.cluster;

import io.eventgate.gateway.breaker.ServiceBreakers;
import io.eventgate.gateway.registry.Registry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this gateway's row of {@link GatewayReports} current: written when a registry snapshot is loaded (so a
 * change shows as soon as it is served) and every {@code CLUSTER_REPORT_MS} (so its age says whether the
 * gateway is alive, and breaker states follow), deleted when the gateway stops gracefully. Writes run one at
 * a time, on one context; one asked for while another runs is written after it, with the state of then — so
 * an older state never lands after a newer one.
 */
public final class GatewayReporter {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayReporter.class);

  private final Vertx vertx;
  private final Context context;
  private final GatewayReports reports;
  private final GatewayIdentity identity;
  private final Registry registry;
  private final ServiceBreakers breakers;
  private final long reportMs;
  private long timer = -1;
  private boolean writing;
  private boolean again;
  private boolean stopped;
  /** Whether the last write failed: an outage is logged when it starts and when it ends, not every interval. */
  private boolean failing;
  private Future<Void> lastWrite = Future.succeededFuture();

  public GatewayReporter(Vertx vertx, GatewayReports reports, GatewayIdentity identity, Registry registry,
      ServiceBreakers breakers, long reportMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.reports = reports;
    this.identity = identity;
    this.registry = registry;
    this.breakers = breakers;
    this.reportMs = reportMs;
  }

  public GatewayIdentity identity() {
    return identity;
  }

  /** Writes the first report and starts the periodic ones; a first write that fails is retried by them. */
  public Future<Void> start() {
    context.runOnContext(v -> timer = vertx.setPeriodic(reportMs, id -> report()));
    return report().otherwise(failure -> null);
  }

  /** Writes the current state soon: now, or right after the write under way. Safe from any thread. */
  public Future<Void> report() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (stopped) {
        done.complete();
      } else if (writing) {
        again = true;
        lastWrite.onComplete(ignored -> done.complete());
      } else {
        write().onComplete(done);
      }
    });
    return done.future();
  }

  private Future<Void> write() {
    writing = true;
    JsonObject served = registry.served();
    String since = served.getString("since");
    lastWrite = reports.write(identity, served.getLong("version"), since == null ? null : Instant.parse(since),
            breakers.toJson(), reportMs)
        .onComplete(written -> {
          if (written.failed() && !failing) {
            LOG.warn("this gateway's report could not be written ({}); the cluster view shows it as last written,"
                + " stale once {} reports are missed", written.cause().getClass().getSimpleName(),
                GatewayReports.STALE_AFTER_REPORTS);
          } else if (written.succeeded() && failing) {
            LOG.info("this gateway's report is written again");
          }
          failing = written.failed();
        })
        .eventually(() -> {
          writing = false;
          if (again && !stopped) {
            again = false;
            return write();
          }
          return Future.succeededFuture();
        });
    return lastWrite;
  }

  /** Stops reporting and removes this gateway's row: a gateway that stopped is not behind, it is gone. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      lastWrite.eventually(() -> reports.remove(identity.id()))
          .onFailure(e -> LOG.warn("this gateway's report could not be removed ({}); it shows as stale, then goes",
              e.getClass().getSimpleName()))
          .onComplete(ignored -> done.complete());
    });
    return done.future();
  }
}
