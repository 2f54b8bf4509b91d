package io.eventgate.gateway.admin;

import static io.eventgate.gateway.admin.AdminReplies.fail;
import static io.eventgate.gateway.admin.AdminReplies.succeed;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.breaker.ServiceBreakers;
import io.eventgate.gateway.cluster.ClusterView;
import io.eventgate.gateway.http.EnvelopeWriter;
import io.eventgate.gateway.http.StrictRequestDecoder;
import io.eventgate.gateway.metrics.TrafficView;
import io.eventgate.gateway.notifications.NotificationStore;
import io.eventgate.gateway.registry.RegistryHistory;
import io.eventgate.gateway.registry.RegistryStore;
import io.eventgate.gateway.shutdown.ClosingConnections;
import io.eventgate.gateway.shutdown.GracefulListener;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;

/**
 * The operator listener (docs/API.md section 10), apart from the public one: every request needs
 * {@code Authorization: Bearer <ADMIN_TOKEN>} or a named credential's token ({@link AdminAuthorizer}), and every
 * answer is the usual envelope.
 */
public final class AdminVerticle extends VerticleBase {

  private static final int MAX_BODY = 256 * 1024;

  private final AdminOptions options;
  private final NotificationStore notifications;
  private final RegistryAdmin registry;
  private final HistoryAdmin history;
  private final ServiceBreakers breakers;
  private final ClusterView cluster;
  private final PrometheusMeterRegistry metrics;
  private final EnvelopeWriter writer;
  private final AdminAuthorizer authorizer;
  private final CredentialsAdmin credentials;
  private final GracefulListener listener;
  private HttpServer server;

  /**
   * @param metrics null when metrics are switched off; then {@code /metrics} does not exist
   * @param writer  the gateway's envelope writer: admin answers are logged, counted and notified alike
   * @param pool    where the named credentials and the registry's history are
   */
  public AdminVerticle(AdminOptions options, NotificationStore notifications, RegistryStore registry,
      PrometheusMeterRegistry metrics, EnvelopeWriter writer, ClosingConnections closing, ServiceBreakers breakers,
      ClusterView cluster, Pool pool) {
    this.options = options;
    this.writer = writer;
    this.listener = closing.listener();
    this.notifications = notifications;
    this.registry = new RegistryAdmin(registry);
    this.history = new HistoryAdmin(registry, new RegistryHistory(pool));
    this.metrics = metrics;
    this.breakers = breakers;
    this.cluster = cluster;
    CredentialStore credentialStore = new CredentialStore(pool);
    this.authorizer = new AdminAuthorizer(options.token(), credentialStore);
    this.credentials = new CredentialsAdmin(credentialStore, authorizer);
  }

  @Override
  public Future<?> start() {
    return Console.load(vertx).compose(this::listen);
  }

  private Future<HttpServer> listen(Console console) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.addHeadersEndHandler(v -> listener.beforeHeaders(ctx.request()));
      ctx.next();
    });
    console.mount(router);
    router.route().handler(AdminReplies.begin(writer));
    router.route().handler(authorizer);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/admin/notifications").handler(this::listNotifications);
    TrafficView traffic = TrafficView.start(vertx, metrics);
    router.get("/admin/traffic").handler(ctx -> succeed(ctx, traffic.toJson()));
    // This process's own breakers: each gateway counts the failures it sees.
    router.get("/admin/circuit-breakers").handler(ctx -> succeed(ctx, new JsonObject()
        .put("circuit_breakers", breakers.toJson())));
    router.get("/admin/cluster").handler(ctx -> cluster.answer().onComplete(view -> succeed(ctx, view),
        failure -> fail(ctx, failure)));
    registry.mount(router);
    history.mount(router);
    credentials.mount(router);
    if (metrics != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    }
    router.route().last().handler(ctx -> fail(ctx, new ApiException(Status.ROUTE_NON_EXISTENT)));
    router.route().failureHandler(ctx -> fail(ctx, failure(ctx)));
    // A path the router cannot decode (a bad %-escape) fails before any route, past the failure handlers.
    router.errorHandler(400, ctx -> AdminReplies.failUnrouted(writer, ctx, new ApiException(
        Status.INVALID_ENCODED_PARAMS, "The request's path or query holds a malformed %-escape.")));
    // HTTP/1.1 only: operators need nothing else, and every protocol spoken is one more to attack.
    HttpServerOptions serverOptions = new HttpServerOptions().setHost(options.host()).setPort(options.port())
        .setHttp2ClearTextEnabled(false).setIdleTimeout(options.idleTimeoutSeconds());
    return vertx.createHttpServer(serverOptions)
        .connectionHandler(connection -> {
          StrictRequestDecoder.install(connection, serverOptions);
          listener.opened(connection);
        })
        .requestHandler(router)
        .invalidRequestHandler(request -> {
          request.response().headersEndHandler(v -> listener.beforeHeaders(request));
          writer.answerUndecodable(request);
        })
        .listen()
        .onSuccess(s -> server = s);
  }

  /** Runs after the shutdown grace, like the main listener's: see {@link GracefulListener#close}. */
  @Override
  public Future<?> stop() {
    return listener.close(vertx, server);
  }

  /**
   * What a failed admin request is answered: its own failure, or the status vert.x-web failed it with — a body
   * over the limit, or a query or body it could not decode (a bad %-escape in {@code ?page=%}).
   */
  private static Throwable failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null && !(failure instanceof HttpException)) {
      return failure;
    }
    int status = failure != null ? ((HttpException) failure).getStatusCode() : ctx.statusCode();
    if (status == 413) {
      return new ApiException(Status.REQUEST_TOO_LARGE);
    }
    return status >= 400 && status < 500 ? new ApiException(Status.INVALID_ENCODED_PARAMS)
        : ApiException.withDetail(Status.APPLICATION_CRASH, Status.APPLICATION_CRASH.defaultMessage(),
            "vert.x-web failed the request with " + status);
  }

  private void listNotifications(RoutingContext ctx) {
    int page = AdminPages.page(ctx);
    notifications.page(page, AdminPages.SIZE).onComplete(
        list -> succeed(ctx, AdminPages.answer(page, "notifications", list)),
        failure -> fail(ctx, failure));
  }
}
