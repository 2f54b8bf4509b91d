package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.session.Authenticator;
import io.eventgate.gateway.shutdown.ClosingConnections;
import io.eventgate.gateway.shutdown.GracefulListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.netty.handler.codec.TooLongFrameException;

/**
 * The HTTP gateway: runs every request through the five stages of DESIGN.md in the order of CONTRACT.md
 * section 2 — identify, authenticate, read body, validate params, forward — and hands the outcome to the
 * {@link EnvelopeWriter}. No stage writes to the response. Deployed once per event loop; the registry, the
 * session cache and the pool are shared by all instances.
 */
public final class GatewayVerticle extends VerticleBase {

  private final GatewayOptions options;
  private final Registry registry;
  private final Authenticator authenticator;
  private final EnvelopeWriter writer;
  private ServiceClient services;
  private HttpServer server;

  private final BuiltInEndpoints builtIns;
  private final GracefulListener listener;

  /** Every argument is shared by all instances; each is safe to use from any event loop. */
  public GatewayVerticle(GatewayOptions options, Registry registry, Authenticator authenticator,
      EnvelopeWriter writer, BuiltInEndpoints builtIns, ClosingConnections closing) {
    this.options = options;
    this.registry = registry;
    this.authenticator = authenticator;
    this.writer = writer;
    this.builtIns = builtIns;
    this.listener = closing.listener();
  }

  @Override
  public Future<?> start() {
    services = new ServiceClient(vertx.eventBus());
    return listener.attach(vertx.createHttpServer(new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.port())
            .setCompressionSupported(false)
            .setHandle100ContinueAutomatically(true)
            .setIdleTimeout(options.idleTimeoutSeconds())))
        .requestHandler(this::handle)
        .invalidRequestHandler(this::invalid)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** Runs after the shutdown grace: see {@link GracefulListener#close}. */
  @Override
  public Future<?> stop() {
    return listener.close(vertx, server);
  }

  private void handle(HttpServerRequest request) {
    request.response().headersEndHandler(v -> listener.beforeHeaders(request));
    if (builtIns.handle(request)) {
      return;
    }
    Exchange exchange = new Exchange(request, RequestIds.fromHeader(request.getHeader(RequestIds.HEADER)));
    Future<ReceivedBody> body = BodyCollector.collect(vertx, request, options.bodyLimitBytes(),
        options.bodyTimeoutMs());
    ResolvedRoute resolved;
    try {
      resolved = registry.snapshot().resolve(request.method().name(), request.path());
    } catch (RuntimeException e) {
      writer.write(exchange, Future.failedFuture(e), Status.IDENTIFY_REQUEST_ERROR);
      return;
    }
    exchange.routeKey(resolved.route().key());
    process(exchange, resolved, body)
        .onComplete(outcome -> writer.write(exchange, outcome, Status.APPLICATION_CRASH));
  }

  /**
   * A request Netty could not decode (a request line or headers over its limits, broken framing) still
   * gets the envelope: {@code request-too-large} for what is too long, else {@code invalid-encoded-params}.
   */
  private void invalid(HttpServerRequest request) {
    request.response().headersEndHandler(v -> listener.beforeHeaders(request));
    Exchange exchange = new Exchange(request, RequestIds.fromHeader(null));
    boolean tooLong = request.decoderResult().cause() instanceof TooLongFrameException;
    ApiException answer = tooLong
        ? new ApiException(Status.REQUEST_TOO_LARGE, "The request line or headers are larger than this gateway accepts.")
        : new ApiException(Status.INVALID_ENCODED_PARAMS, "The request could not be read as HTTP.");
    // The connection cannot be trusted to carry another request after this one.
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    writer.write(exchange, Future.failedFuture(answer), Status.INVALID_ENCODED_PARAMS);
  }

  private Future<ServiceReply> process(Exchange exchange, ResolvedRoute resolved, Future<ReceivedBody> body) {
    RouteRecord route = resolved.route();
    HttpServerRequest request = exchange.request();
    return authenticator.authenticate(route.auth(), request.getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> body
            .map(received -> BodyReader.read(route, request.getHeader(HttpHeaders.CONTENT_TYPE), received))
            .map(params -> ParamValidator.validate(route.params(), params))
            .compose(params -> services.request(resolved.service().address(),
                new ServiceRequest(route.action(), params, caller, exchange.requestId()),
                resolved.service().timeoutMs())));
  }
}
