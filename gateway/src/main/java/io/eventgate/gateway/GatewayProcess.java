package io.eventgate.gateway;

import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.CallerKeys;
import io.eventgate.common.bus.ConsumerCounts;
import io.eventgate.common.bus.ServiceClients;
import io.eventgate.common.config.Settings;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.DatabaseOptions;
import io.eventgate.common.db.PgSettings;
import io.eventgate.common.launch.ProcessVerticle;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.admin.AdminOptions;
import io.eventgate.gateway.admin.AdminVerticle;
import io.eventgate.gateway.breaker.ServiceBreakers;
import io.eventgate.gateway.cluster.ClusterView;
import io.eventgate.gateway.cluster.GatewayIdentity;
import io.eventgate.gateway.cluster.GatewayReporter;
import io.eventgate.gateway.cluster.GatewayReports;
import io.eventgate.gateway.cors.CrossOrigin;
import io.eventgate.gateway.db.DemoData;
import io.eventgate.gateway.db.Migrations;
import io.eventgate.gateway.docs.ApiDocs;
import io.eventgate.gateway.docs.DocsFacts;
import io.eventgate.gateway.email.Mailer;
import io.eventgate.gateway.email.MandrillOptions;
import io.eventgate.gateway.health.Readiness;
import io.eventgate.gateway.http.EnvelopeWriter;
import io.eventgate.gateway.metrics.Metrics;
import io.eventgate.gateway.notifications.NotificationStore;
import io.eventgate.gateway.notifications.Notifier;
import io.eventgate.gateway.pipeline.BuiltInEndpoints;
import io.eventgate.gateway.pipeline.GatewayOptions;
import io.eventgate.gateway.pipeline.GatewayVerticle;
import io.eventgate.gateway.pipeline.RegistryStages;
import io.eventgate.gateway.pipeline.Stages;
import io.eventgate.gateway.pipeline.TracedStages;
import io.eventgate.gateway.ratelimit.RateLimitStore;
import io.eventgate.gateway.ratelimit.RouteLimiter;
import io.eventgate.gateway.registry.InvalidRecordException;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistryStore;
import io.eventgate.gateway.session.Authenticator;
import io.eventgate.gateway.session.SessionCache;
import io.eventgate.gateway.session.SessionCallers;
import io.eventgate.gateway.session.SessionStore;
import io.eventgate.gateway.session.SessionTouches;
import io.eventgate.gateway.session.TokenService;
import io.eventgate.gateway.session.TokenSettings;
import io.eventgate.gateway.shutdown.ClosingConnections;
import io.eventgate.gateway.shutdown.ShutdownOptions;
import io.eventgate.gateway.users.LoginThrottle;
import io.eventgate.gateway.users.UsersVerticle;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of a process, as one parent verticle: seeds and loads the registry, builds the parts every
 * instance shares (registry, token service, session cache, rate limits, notifier), and deploys its children —
 * the users service, the admin listener and one gateway verticle per event loop. Run alone ({@link
 * GatewayMain}) it opens its own pool after migrating the schema; in the all-in-one it is given the shared
 * pool of a database already migrated.
 */
public final class GatewayProcess extends ProcessVerticle {

  /**
   * Everything the gateway side reads from the settings, read once where the process is made: below this,
   * no code names a setting.
   *
   * @param instances gateway verticles: {@code HTTP_INSTANCES}, or one per event loop when that is 0
   * @param clusterReportMs how often this gateway writes its report for the cluster view
   * @param callers signs the callers it forwards, and checks those sent to its users service
   */
  public record Options(DatabaseOptions database, GatewayOptions gateway, AdminOptions admin,
                        ShutdownOptions shutdown, TokenSettings tokens, MandrillOptions mandrill,
                        Duration sessionCache, long registryCheckMs, int instances, long clusterReportMs,
                        CallerAssertions callers) {

    public static Options from(Settings settings) {
      int instances = settings.integer("HTTP_INSTANCES");
      return new Options(DatabaseOptions.from(settings), GatewayOptions.from(settings), AdminOptions.from(settings),
          ShutdownOptions.from(settings), TokenSettings.from(settings), MandrillOptions.from(settings),
          sessionCache(settings), settings.integer("REGISTRY_CHECK_MS"),
          instances > 0 ? instances : settings.eventLoops(Settings.cores()), clusterReportMs(settings),
          CallerKeys.from(settings));
    }

    /**
     * A cached session is judged on its cached times, kept fresh by its own once-a-minute writes; an hour
     * bounds how long a change made outside the gateway (SQL on sessions or a user's records) goes unseen.
     */
    private static Duration sessionCache(Settings settings) {
      int seconds = settings.integer("SESSION_CACHE_SECONDS");
      if (seconds < 0 || seconds > 3600) {
        throw new IllegalArgumentException("SESSION_CACHE_SECONDS must be between 0 and 3600");
      }
      return Duration.ofSeconds(seconds);
    }

    private static long clusterReportMs(Settings settings) {
      int ms = settings.integer("CLUSTER_REPORT_MS");
      if (ms < 1) {
        throw new IllegalArgumentException("CLUSTER_REPORT_MS must be at least 1");
      }
      return ms;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(GatewayProcess.class);

  private final Options settings;
  private final Metrics metrics;
  private final Tracing tracing;
  private final Pool sharedPool;
  private ShutdownOptions shutdown;
  private ClosingConnections closing;
  private Registry registry;
  private Notifier notifier;
  private GatewayReporter reporter;
  private SessionTouches touches;
  /** The listeners: the admin one and the gateway verticles, closed together after the grace. */
  private List<String> listenerDeploymentIds = List.of();

  /**
   * @param metrics    the process's metrics, possibly switched off
   * @param tracing    the process's tracing, possibly switched off
   * @param sharedPool the pool to use, or {@code null} to migrate the database (and load the demo data when
   *                   asked) and open a pool of its own
   */
  public GatewayProcess(Options settings, Metrics metrics, Tracing tracing, Pool sharedPool) {
    this.settings = settings;
    this.metrics = metrics;
    this.tracing = tracing;
    this.sharedPool = sharedPool;
  }

  @Override
  public Future<?> start() {
    DatabaseOptions database = settings.database();
    PgSettings pg = database.pg();
    GatewayOptions options = settings.gateway();
    AdminOptions adminOptions = settings.admin();
    shutdown = settings.shutdown();
    closing = new ClosingConnections(shutdown);
    Future<Pool> opened = sharedPool != null ? Future.succeededFuture(sharedPool)
        : vertx.executeBlocking(() -> {
          Migrations.migrate(pg);
          if (database.demoData()) {
            DemoData.load(pg);
          }
          return null;
        }).map(v -> Database.pool(vertx, pg, database.poolSize()));
    return opened.compose(pool -> deployOn(pool, pg.connectOptions(), options, adminOptions))
        .onSuccess(v -> LOG.info("gateway ready on {}:{}, admin on {}:{}", options.host(), options.port(),
            adminOptions.host(), adminOptions.port()));
  }

  /** @param listenOn where to LISTEN for registry changes: the pool's database, on a connection of its own */
  private Future<Void> deployOn(Pool pool, PgConnectOptions listenOn, GatewayOptions options,
      AdminOptions adminOptions) {
    Mailer mailer = Mailer.from(vertx, settings.mandrill());
    NotificationStore notificationStore = new NotificationStore(pool);
    notifier = new Notifier(notificationStore);
    TokenService tokens = new TokenService(vertx, settings.tokens());
    SessionStore sessions = new SessionStore(pool);
    SessionCache cache = new SessionCache(settings.sessionCache(), metrics.registry());
    RegistryStore store = new RegistryStore(pool);
    registry = new Registry(vertx, store, failure -> notifier.record(failure, "registry reload", "-"),
        settings.registryCheckMs());
    ServiceBreakers breakers = new ServiceBreakers(vertx, failure -> notifier.record(failure, "circuit breaker", "-"),
        metrics.registry());
    GatewayReports reports = new GatewayReports(pool);
    registry.onSnapshot(snapshot -> {
      breakers.update(snapshot);
      // A change shows in the cluster view once this gateway serves it, not at its next periodic report.
      if (reporter != null) {
        reporter.report();
      }
    });
    if (metrics.registry() != null) {
      Gauge.builder("eventgate.registry.version", registry,
              current -> current.loaded() ? current.snapshot().version() : 0)
          .description("the registry version this gateway serves (0 until one is loaded)")
          .register(metrics.registry());
    }
    touches = new SessionTouches(vertx, sessions);
    Authenticator authenticator = new Authenticator(tokens, sessions, cache, touches);
    Readiness readiness = new Readiness(vertx, registry, pool, closing, breakers);
    BuiltInEndpoints builtIns = new BuiltInEndpoints(registry, readiness, new ApiDocs(new DocsFacts(
        options.bodyLimitBytes(), DocsFacts.actions(UsersVerticle.ADDRESS, UsersVerticle.EMAIL_SENDING_ACTIONS),
        Map.of(UsersVerticle.ADDRESS + ' ' + UsersVerticle.LOGIN, LoginThrottle.RULE))));
    EnvelopeWriter writer = new EnvelopeWriter(options.accessLog(), notifier, metrics.requests(), tracing);
    RateLimitStore buckets = RateLimitStore.of(vertx);
    LOG.info("rate-limit buckets: {}", buckets.kind());
    Stages stages = TracedStages.over(new RegistryStages(registry, authenticator,
        ServiceClients.of(vertx, settings.callers()), new RouteLimiter(buckets), breakers), tracing);
    CrossOrigin crossOrigin = new CrossOrigin(registry);
    int gatewayInstances = settings.instances();

    return GatewayIdentity.of(vertx, options.host() + ':' + options.port(),
            adminOptions.host() + ':' + adminOptions.port())
        .map(identity -> reporter = new GatewayReporter(vertx, reports, identity, registry, breakers,
            settings.clusterReportMs()))
        .compose(v -> readSeed(vertx))
        .compose(seed -> store.seed(seed).recover(failure -> {
          if (failure instanceof InvalidRecordException invalid) {
            // A broken seed file is the operator's to fix before anything is served.
            return Future.failedFuture(new IllegalArgumentException("conf/registry.json: field "
                + invalid.field() + ": " + invalid.getMessage()));
          }
          // The database may be down: start anyway and answer identify-request-error until it is back.
          LOG.error("the registry could not be seeded ({})", failure.getClass().getSimpleName());
          return Future.succeededFuture();
        }))
        .compose(v -> registry.start(listenOn))
        .compose(v -> reporter.start())
        .compose(v -> cache.listen(vertx))
        .compose(v -> vertx.deployVerticle(
            () -> new UsersVerticle(pool, sessions, cache, tokens, mailer, new LoginThrottle(buckets),
                new SessionCallers(authenticator, settings.callers()), settings.callers(), tracing,
                UsersVerticle.ADDRESS),
            new DeploymentOptions().setInstances(1)))
        .compose(v -> vertx.deployVerticle(
            () -> new AdminVerticle(adminOptions, notificationStore, store, metrics.registry(), writer, closing,
                breakers, new ClusterView(registry, store, reports, ConsumerCounts.of(vertx),
                    reporter.identity().id()), pool),
            new DeploymentOptions().setInstances(1)))
        .compose(adminId -> vertx.deployVerticle(
            () -> new GatewayVerticle(options, stages, writer, builtIns, crossOrigin, closing),
            new DeploymentOptions().setInstances(gatewayInstances))
            .map(gatewayId -> List.of(adminId, gatewayId)))
        .onSuccess(listeners -> {
          listenerDeploymentIds = listeners;
          notifier.start(vertx);
        })
        .mapEmpty();
  }

  /** {@code conf/registry.json} from the working directory when present, else the copy on the classpath. */
  private static Future<JsonObject> readSeed(Vertx vertx) {
    String file = "conf/registry.json";
    return vertx.executeBlocking(() -> {
      Path path = Path.of(file);
      if (Files.isRegularFile(path)) {
        return new JsonObject(Files.readString(path));
      }
      try (var in = GatewayProcess.class.getClassLoader().getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException(file + " is missing");
        }
        return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    });
  }

  /**
   * The first step of a graceful shutdown (docs/OPERATIONS.md, "Shutdown"): readiness turns 503 and for
   * {@code SHUTDOWN_GRACE_MS} both listeners go on as before, so a load balancer polling readiness sees the
   * gateway leave; then each listener closes without dropping a request ({@link GracefulListener}), the
   * requests in flight finish (for at most {@code DRAIN_TIMEOUT_MS}), and the last session touches and
   * notifications are written. What the gateway needs to answer — services, pools — closes after this.
   */
  @Override
  public Future<Void> drain() {
    if (closing == null) {
      return Future.succeededFuture();
    }
    closing.beginGrace();
    Promise<Void> grace = Promise.promise();
    if (shutdown.graceMs() > 0) {
      vertx.setTimer(shutdown.graceMs(), id -> grace.complete());
    } else {
      grace.complete();
    }
    return grace.future()
        .compose(v -> Future.join(listenerDeploymentIds.stream().map(vertx::undeploy).toList()))
        .<Void>mapEmpty()
        .eventually(() -> touches == null ? Future.succeededFuture() : touches.flush())
        .eventually(() -> {
          if (registry != null) {
            registry.stop();
          }
          return reporter == null ? Future.succeededFuture() : reporter.stop();
        })
        .eventually(() -> notifier == null ? Future.succeededFuture() : notifier.stop());
  }

  /** How long the launcher waits for {@link #drain()} before going on with the rest of the shutdown. */
  @Override
  public Duration drainBound() {
    return shutdown == null ? Duration.ZERO : shutdown.bound();
  }
}
