package io.eventgate.app;

import io.eventgate.appointments.AppointmentsProcess;
import io.eventgate.common.bus.CallerKeys;
import io.eventgate.common.config.Settings;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.DatabaseOptions;
import io.eventgate.common.db.PgSettings;
import io.eventgate.common.launch.ProcessVerticle;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.GatewayProcess;
import io.eventgate.gateway.db.DemoData;
import io.eventgate.gateway.db.Migrations;
import io.eventgate.gateway.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM, as one parent verticle (and, like a launcher, the one place that decides the
 * embedded default's settings before anything below reads them): PostgreSQL (embedded unless {@code PG_URL} is set),
 * migrations and the demo data, one pool shared by the gateway and the users service, then its children — the
 * appointments service (which reads through pipelined connections of its own) and the gateway with the users
 * service — on one local event bus. Vert.x undeploys the children first, so the pool and the embedded
 * PostgreSQL close last, in {@link #stop()}.
 */
final class AllInOneProcess extends ProcessVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(AllInOneProcess.class);

  private final Metrics metrics;
  private final Tracing tracing;
  private final int eventLoops;
  private volatile Settings settings;
  private EmbeddedDatabase embedded;
  private Pool pool;
  private GatewayProcess gateway;

  AllInOneProcess(Settings settings, Metrics metrics, Tracing tracing, int eventLoops) {
    // The gateway and the services share this JVM: a key of their own closes the bus to forged callers
    // without anything to configure.
    this.settings = CallerKeys.withOwnKey(settings);
    this.metrics = metrics;
    this.tracing = tracing;
    this.eventLoops = eventLoops;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(this::prepareDatabase)
        .compose(pg -> {
          DatabaseOptions database = DatabaseOptions.from(settings);
          pool = Database.pool(vertx, pg, database.poolSize());
          GatewayProcess.Options options = GatewayProcess.Options.from(settings);
          gateway = new GatewayProcess(options, metrics, tracing, pool);
          return vertx.deployVerticle(new AppointmentsProcess(pg, tracing, eventLoops, options.callers()))
              .compose(id -> vertx.deployVerticle(gateway));
        });
  }

  /** Blocking: the database ready to serve, and the settings the embedded default decides. */
  private PgSettings prepareDatabase() throws Exception {
    PgSettings pg;
    if (settings.has("PG_URL")) {
      pg = PgSettings.fromUrl(settings.string("PG_URL"));
    } else {
      LOG.info("PG_URL is not set: starting an embedded PostgreSQL");
      embedded = EmbeddedDatabase.start(settings.string("PG_DATA_DIR"));
      pg = embedded.settings();
      settings = embeddedDefaults(settings.with("PG_URL", pg.url()));
    }
    int migrations = Migrations.migrate(pg);
    LOG.info("database {} ready ({} migrations applied)", pg, migrations);
    if (settings.flag("DEMO_DATA")) {
      DemoData.load(pg);
      LOG.info("demo data loaded");
    }
    return pg;
  }

  /** What the embedded default decides for settings left unset: demo data, and per-run secrets. */
  private static Settings embeddedDefaults(Settings settings) {
    if (!settings.has("DEMO_DATA")) {
      settings = settings.with("DEMO_DATA", true);
    }
    if (!settings.has("JWT_SECRET")) {
      LOG.warn("JWT_SECRET is not set: signing tokens with a random secret made for this run only");
      settings = settings.with("JWT_SECRET", randomSecret());
    }
    if (!settings.has("ADMIN_TOKEN")) {
      settings = settings.with("ADMIN_TOKEN", randomSecret()).with("ADMIN_TOKEN_GENERATED", true);
    }
    return settings;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The gateway leaves rotation and closes its listeners while the services still answer. */
  @Override
  public Future<Void> drain() {
    return gateway == null ? Future.succeededFuture() : gateway.drain();
  }

  @Override
  public Duration drainBound() {
    return gateway == null ? Duration.ZERO : gateway.drainBound();
  }

  /** After the children: the pool, then the embedded PostgreSQL. */
  @Override
  public Future<?> stop() {
    Future<Void> closed = pool == null ? Future.succeededFuture() : pool.close();
    return closed.transform(done -> embedded == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      embedded.close();
      return null;
    }));
  }

  /** The settings in force, the embedded default's decisions included, once started. */
  Settings settings() {
    return settings;
  }

  Pool pool() {
    return pool;
  }
}
