package io.eventgate.app;

import io.eventgate.common.config.Settings;
import io.eventgate.common.config.SettingsLoader;
import io.eventgate.common.launch.Launcher;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Base64;
import java.util.function.Function;

/**
 * What {@code ./run.sh} starts: the whole system in one JVM ({@link AllInOneProcess}), launched like every
 * process. Tests start it the same way, with settings of their own, and use this handle to reach it.
 */
public final class AllInOne implements AutoCloseable {

  /** The service name of its spans when tracing is on and {@code OTEL_SERVICE_NAME} does not say. */
  static final String SERVICE_NAME = "eventgate";

  private final Launcher.Running running;
  private final AllInOneProcess process;

  private AllInOne(Launcher.Running running) {
    this.running = running;
    this.process = (AllInOneProcess) running.parent();
  }

  public static void main(String[] args) {
    Launcher.Running running = Launcher.main("all-in-one",
        settings -> plan(settings, s -> Tracing.from(s, SERVICE_NAME)));
    if (running != null) {
      new AllInOne(running).printWelcome();
    }
  }

  /** Starts everything and returns once the gateway listens. {@code overrides} win over every other source. */
  public static AllInOne start(JsonObject overrides) {
    return new AllInOne(Launcher.start(SettingsLoader.load(overrides),
        settings -> plan(settings, s -> Tracing.from(s, SERVICE_NAME))));
  }

  /** {@link #start(JsonObject)} with the given tracing, whatever {@code TRACING} says (tests export in memory). */
  public static AllInOne start(JsonObject overrides, Tracing tracing) {
    return new AllInOne(Launcher.start(SettingsLoader.load(overrides), settings -> plan(settings, given -> tracing)));
  }

  /** The plan; its tracing is built last, once nothing else here can fail (the launcher closes it after). */
  private static Launcher.Plan plan(Settings settings, Function<Settings, Tracing> tracer) {
    // The embedded default makes its own secrets; a real database needs real ones.
    if (settings.has("PG_URL")) {
      for (String required : new String[] {"JWT_SECRET", "ADMIN_TOKEN"}) {
        if (!settings.has(required)) {
          throw new IllegalArgumentException(required + " must be set when PG_URL is set");
        }
      }
    }
    // PostgreSQL shares this machine: half the cores for event loops, the rest left to the database.
    int loops = settings.eventLoops(Math.max(1, Settings.cores() / 2));
    Settings withLoops = settings.with("EVENT_LOOPS", loops);
    Metrics metrics = Metrics.from(withLoops);
    Tracing tracing = tracer.apply(settings);
    return new Launcher.Plan(loops, false, metrics::builder, tracing,
        () -> new AllInOneProcess(withLoops, metrics, tracing, loops));
  }

  public Vertx vertx() {
    return running.vertx();
  }

  public Settings settings() {
    return process.settings();
  }

  public Pool pool() {
    return process.pool();
  }

  public String adminUrl() {
    Settings settings = settings();
    return "http://" + settings.text("ADMIN_HOST") + ":" + settings.integer("ADMIN_PORT");
  }

  public String baseUrl() {
    Settings settings = settings();
    return "http://" + settings.text("HTTP_HOST") + ":" + settings.integer("HTTP_PORT");
  }

  /**
   * Graceful shutdown, in order: readiness turns 503, the gateway stops accepting and lets the requests in
   * flight finish (bounded by {@code DRAIN_TIMEOUT_MS}); then the services, the pool and the embedded
   * PostgreSQL close.
   */
  @Override
  public void close() {
    running.stop();
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
    Settings settings = settings();
    if (settings.flag("ADMIN_TOKEN_GENERATED")) {
      System.out.printf("  Operator endpoints on %s with the admin token made for this run:%n%n"
          + "    curl -s %s/admin/notifications -H 'Authorization: Bearer %s'%n%n", adminUrl(), adminUrl(),
          settings.string("ADMIN_TOKEN"));
    }
    System.out.printf("  Demo users: clara.client, colin.client, erin.employee, liam.liaison, nora.norole"
        + " (@demo.test), password demo-pass-2026. Ctrl-C stops everything.%n%n");
  }
}
