package io.eventgate.app;

import io.eventgate.appointments.AppointmentsVerticle;
import io.eventgate.common.config.Settings;
import io.eventgate.common.config.Shutdown;
import io.eventgate.common.config.SettingsLoader;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.DemoData;
import io.eventgate.common.db.Migrations;
import io.eventgate.common.db.PgSettings;
import io.eventgate.gateway.GatewayDeployment;
import io.eventgate.gateway.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM — what {@code ./run.sh} starts: PostgreSQL (embedded unless {@code PG_URL}
 * is set), migrations, the demo data, the gateway with the users service, and the appointments service,
 * all on one local event bus.
 */
public final class AllInOne implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AllInOne.class);

  private final Vertx vertx;
  private final Settings settings;
  private final EmbeddedDatabase embedded;
  private final Pool pool;
  private final GatewayDeployment gateway;

  private AllInOne(Vertx vertx, Settings settings, EmbeddedDatabase embedded, Pool pool,
      GatewayDeployment gateway) {
    this.vertx = vertx;
    this.settings = settings;
    this.embedded = embedded;
    this.pool = pool;
    this.gateway = gateway;
  }

  public static void main(String[] args) {
    AllInOne app;
    try {
      app = start(new JsonObject());
    } catch (Exception e) {
      LOG.error("eventgate did not start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "eventgate-shutdown"));
    app.printWelcome();
  }

  /** Starts everything and returns once the gateway listens. {@code overrides} win over every other source. */
  public static AllInOne start(JsonObject overrides) throws Exception {
    Settings settings = SettingsLoader.loadBlocking(overrides);
    // PostgreSQL shares this machine: half the cores for event loops, the rest left to the database.
    int loops = settings.eventLoops(Math.max(1, Settings.cores() / 2));
    settings = settings.with("EVENT_LOOPS", loops);
    Metrics metrics = Metrics.from(settings);
    Vertx vertx = metrics.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    EmbeddedDatabase embedded = null;
    try {
      PgSettings pg;
      if (settings.has("PG_URL")) {
        for (String required : new String[] {"JWT_SECRET", "ADMIN_TOKEN"}) {
          if (!settings.has(required)) {
            throw new IllegalArgumentException(required + " must be set when PG_URL is set");
          }
        }
        pg = PgSettings.fromUrl(settings.string("PG_URL"));
      } else {
        LOG.info("PG_URL is not set: starting an embedded PostgreSQL");
        embedded = EmbeddedDatabase.start(settings.string("PG_DATA_DIR"));
        pg = embedded.settings();
        settings = embeddedDefaults(settings.with("PG_URL", pg.url()));
      }
      int migrations = Migrations.migrate(pg);
      LOG.info("database {} ready ({} migrations applied)", pg, migrations);
      if (settings.bool("DEMO_DATA", false)) {
        DemoData.load(pg);
        LOG.info("demo data loaded");
      }
      Pool pool = Database.pool(vertx, pg, settings.integer("PG_POOL_SIZE", 8));
      await(vertx.deployVerticle(() -> new AppointmentsVerticle(pool, AppointmentsVerticle.ADDRESS),
          new DeploymentOptions().setInstances(loops)).toCompletionStage());
      GatewayDeployment gateway = await(
          GatewayDeployment.deploy(vertx, settings, pool, pg.connectOptions(), metrics).toCompletionStage());
      return new AllInOne(vertx, settings, embedded, pool, gateway);
    } catch (Exception e) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
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

  public Vertx vertx() {
    return vertx;
  }

  public Settings settings() {
    return settings;
  }

  public Pool pool() {
    return pool;
  }

  public String adminUrl() {
    return "http://" + settings.string("ADMIN_HOST", "127.0.0.1") + ":" + settings.integer("ADMIN_PORT", 8081);
  }

  public String baseUrl() {
    return "http://" + settings.string("HTTP_HOST", "127.0.0.1") + ":" + settings.integer("HTTP_PORT", 8080);
  }

  /**
   * Graceful shutdown, in order: readiness turns 503, the gateway stops accepting and lets the requests in
   * flight finish (bounded by {@code DRAIN_TIMEOUT_MS}); then the services, pools and the embedded
   * PostgreSQL close.
   */
  @Override
  public void close() {
    Shutdown.await("draining the gateway", gateway.drain(), gateway.drainBound());
    Shutdown.await("closing the services and the database pool", vertx.close(), Duration.ofSeconds(20));
    if (embedded != null) {
      try {
        embedded.close();
      } catch (Exception e) {
        LOG.warn("the embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
    LOG.info("stopped");
  }


  private void printWelcome() {
    String url = baseUrl();
    String login = Base64.getEncoder().encodeToString(
        "{\"email\":\"clara.client@demo.test\",\"password\":\"demo-pass-2026\"}".getBytes());
    System.out.printf("%n  eventgate is ready at %s%n%n", url);
    System.out.printf("  Log in as Clara (the login body is base64 of a JSON object):%n%n"
        + "    TOKEN=$(curl -s %s/api/v1/users/login -H 'Content-Type: application/json' \\%n"
        + "      -d '%s' | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')%n%n", url, login);
    System.out.printf("  Read appointment 1:%n%n"
        + "    curl -s %s/api/v1/appointments/read -H 'Content-Type: application/json' \\%n"
        + "      -H \"Authorization: Bearer $TOKEN\" \\%n"
        + "      -d '{\"_id\":\"a0000000-0000-4000-8000-000000000001\"}'%n%n", url);
    if (settings.bool("ADMIN_TOKEN_GENERATED", false)) {
      System.out.printf("  Operator endpoints on %s with the admin token made for this run:%n%n"
          + "    curl -s %s/admin/notifications -H 'Authorization: Bearer %s'%n%n", adminUrl(), adminUrl(),
          settings.string("ADMIN_TOKEN"));
    }
    System.out.printf("  Demo users: clara.client, colin.client, erin.employee, liam.liaison, nora.norole"
        + " (@demo.test), password demo-pass-2026. Ctrl-C stops everything.%n%n");
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
