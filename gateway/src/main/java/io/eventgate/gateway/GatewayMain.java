package io.eventgate.gateway;

import io.eventgate.common.cluster.Cluster;
import io.eventgate.common.config.Settings;
import io.eventgate.common.config.Shutdown;
import io.eventgate.common.config.ProcessLauncher;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.DemoData;
import io.eventgate.common.db.Migrations;
import io.eventgate.common.db.PgSettings;
import io.eventgate.gateway.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway process of a clustered deployment: the HTTP gateway, the admin listener and the users
 * service, joined to the cluster's event bus, forwarding to service processes anywhere in it. Needs
 * {@code PG_URL}, {@code JWT_SECRET} and {@code ADMIN_TOKEN}; migrates the schema and seeds the registry.
 */
public final class GatewayMain {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) {
    ProcessLauncher.run("gateway", GatewayMain::start, "PG_URL", "JWT_SECRET", "ADMIN_TOKEN");
  }

  private static void start(Settings settings) throws Exception {
    PgSettings pg = PgSettings.fromUrl(settings.string("PG_URL"));
    Migrations.migrate(pg);
    if (settings.bool("DEMO_DATA", false)) {
      DemoData.load(pg);
    }
    Metrics metrics = Metrics.from(settings);
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(settings.eventLoops(Settings.cores()));
    Vertx vertx = metrics.builder(options).withClusterManager(Cluster.configure(options, settings))
        .buildClustered().toCompletionStage().toCompletableFuture().get();
    Pool pool = Database.pool(vertx, pg, settings.integer("PG_POOL_SIZE", 8));
    GatewayDeployment gateway = GatewayDeployment.deploy(vertx, settings, pool, pg.connectOptions(), metrics)
        .toCompletionStage().toCompletableFuture().get();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Shutdown.await("draining the gateway", gateway.drain(), gateway.drainBound());
      Shutdown.await("leaving the cluster and closing the pool", vertx.close(), Duration.ofSeconds(20));
    }, "eventgate-shutdown"));
    LOG.info("gateway ready on {}:{}, admin on {}:{}, cluster {}", settings.string("HTTP_HOST", "127.0.0.1"),
        settings.integer("HTTP_PORT", 8080), settings.string("ADMIN_HOST", "127.0.0.1"),
        settings.integer("ADMIN_PORT", 8081), settings.string("CLUSTER_NAME", "eventgate"));
  }
}
