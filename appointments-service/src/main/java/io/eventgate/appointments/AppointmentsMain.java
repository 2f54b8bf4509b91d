package io.eventgate.appointments;

import io.eventgate.common.cluster.Cluster;
import io.eventgate.common.config.Settings;
import io.eventgate.common.config.Shutdown;
import io.eventgate.common.config.ProcessLauncher;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.PgSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An appointments process of a clustered deployment: one appointments verticle per core, consuming the
 * service's address on the cluster's event bus. Start as many as you like; the event bus spreads requests
 * among them. Needs {@code PG_URL}.
 */
public final class AppointmentsMain {

  private static final Logger LOG = LoggerFactory.getLogger(AppointmentsMain.class);

  private AppointmentsMain() {
  }

  public static void main(String[] args) {
    ProcessLauncher.run("appointments", AppointmentsMain::start, "PG_URL");
  }

  private static void start(Settings settings) throws Exception {
    PgSettings pg = PgSettings.fromUrl(settings.string("PG_URL"));
    int loops = settings.eventLoops(Settings.cores());
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(loops);
    Vertx vertx = Vertx.builder().with(options).withClusterManager(Cluster.configure(options, settings))
        .buildClustered().toCompletionStage().toCompletableFuture().get();
    Pool pool = Database.pool(vertx, pg, settings.integer("PG_POOL_SIZE", 8));
    String deployment = vertx.deployVerticle(() -> new AppointmentsVerticle(pool, AppointmentsVerticle.ADDRESS),
            new DeploymentOptions().setInstances(loops))
        .toCompletionStage().toCompletableFuture().get();
    // Stop taking requests and answer the ones in hand before the pool closes and the process leaves.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Shutdown.await("answering the requests in hand", vertx.undeploy(deployment), Duration.ofSeconds(15));
      Shutdown.await("leaving the cluster and closing the pool", vertx.close(), Duration.ofSeconds(20));
    }, "eventgate-shutdown"));
    LOG.info("appointments service ready on the event bus of cluster {}", settings.string("CLUSTER_NAME", "eventgate"));
  }
}
