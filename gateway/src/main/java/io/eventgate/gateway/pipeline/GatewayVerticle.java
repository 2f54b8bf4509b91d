package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.gateway.cors.CrossOrigin;
import io.eventgate.gateway.http.EnvelopeWriter;
import io.eventgate.gateway.http.Exchange;
import io.eventgate.gateway.http.RequestIds;
import io.eventgate.gateway.http.StrictRequestDecoder;
import io.eventgate.gateway.ratelimit.ClientAddresses;
import io.eventgate.gateway.ratelimit.Verdict;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.shutdown.ClosingConnections;
import io.eventgate.gateway.shutdown.GracefulListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway: runs every request through the five {@link Stages} in the order of
 * docs/API.md section 2 — identify, authenticate, read body, validate params, forward — and hands the outcome
 * to the {@link EnvelopeWriter}. No stage writes to the response, and nothing a stage throws escapes: every
 * request gets exactly one answer. Deployed once per event loop; the stages, the writer and what they hold
 * are shared by all instances.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  private final GatewayOptions options;
  private final Stages stages;
  private final EnvelopeWriter writer;
  private final BuiltInEndpoints builtIns;
  private final GracefulListener listener;
  private final ClientAddresses clientAddresses;
  private final CrossOrigin crossOrigin;
  private HttpServer server;

  /** Every argument is shared by all instances; each is safe to use from any event loop. */
  public GatewayVerticle(GatewayOptions options, Stages stages, EnvelopeWriter writer, BuiltInEndpoints builtIns,
      CrossOrigin crossOrigin, ClosingConnections closing) {
    this.options = options;
    this.stages = stages;
    this.writer = writer;
    this.builtIns = builtIns;
    this.crossOrigin = crossOrigin;
    this.listener = closing.listener();
    this.clientAddresses = ClientAddresses.from(options.trustedProxies(), options.trustedProxyHeader());
  }

  @Override
  public Future<?> start() {
    HttpServerOptions serverOptions = new HttpServerOptions()
        .setHost(options.host())
        .setPort(options.port())
        .setCompressionSupported(false)
        // 100 Continue is granted by the pipeline itself, once the request may send its body.
        .setHandle100ContinueAutomatically(false)
        .setHttp2ClearTextEnabled(options.http2Cleartext())
        .setIdleTimeout(options.idleTimeoutSeconds());
    return vertx.createHttpServer(serverOptions)
        .connectionHandler(connection -> {
          StrictRequestDecoder.install(connection, serverOptions);
          listener.opened(connection);
        })
        .requestHandler(this::handle)
        .invalidRequestHandler(request -> {
          request.response().headersEndHandler(v -> listener.beforeHeaders(request));
          writer.answerUndecodable(request);
        })
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
    if (writer.onClosingConnection(request) || builtIns.handle(request)) {
      return;
    }
    Exchange exchange = new Exchange(request, RequestIds.fromHeader(request.getHeader(RequestIds.HEADER)));
    if (request.method() == HttpMethod.OPTIONS) {
      answerOptions(exchange);
      return;
    }
    Future<ServiceReply> outcome;
    try {
      crossOrigin.onRequest(request);
      outcome = run(exchange);
    } catch (RuntimeException e) {
      // A stage that threw before its future existed; the ones inside compose() and map() are caught there.
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(result -> writer.write(exchange, result));
  }

  /**
   * {@code OPTIONS} is never a route's method: the gateway answers it itself, {@code 204} without a body, at
   * once — a CORS preflight carries no token and no body to check. A body sent anyway is read and thrown
   * away within the usual bounds, as after any early answer; one only announced ({@code Expect}) never
   * comes, so the connection ends with the answer.
   */
  private void answerOptions(Exchange exchange) {
    HttpServerRequest request = exchange.request();
    BodyCollector.collect(vertx, request, 0, options.bodyTimeoutMs());
    exchange.closeAfterAnswer(awaitsContinue(request));
    String kind;
    try {
      kind = crossOrigin.preflight(request);
    } catch (RuntimeException e) {
      LOG.error("request {}: OPTIONS answered without CORS headers after {}", exchange.requestId(),
          ApiException.describe(e));
      request.response().headers().clear();
      kind = CrossOrigin.OPTIONS_ANSWERED;
    }
    writer.writeEmpty(exchange, 204, kind);
  }

  private Future<ServiceReply> run(Exchange exchange) {
    HttpServerRequest request = exchange.request();
    // A client that asked before sending its body gets no 100 Continue until stages 1-2 pass; until then,
    // answering ends the connection, since what it sends next is unknown.
    boolean awaitsContinue = awaitsContinue(request);
    exchange.closeAfterAnswer(awaitsContinue);
    Future<ReceivedBody> body = BodyCollector.collect(vertx, request, options.bodyLimitBytes(),
        options.bodyTimeoutMs());
    ResolvedRoute resolved = stages.identify(request);
    RouteRecord route = resolved.route();
    exchange.routeKey(route.key());
    String clientAddress = clientAddresses.of(request);
    return stages.limitRequest(route, clientAddress)
        .compose(verdict -> admit(exchange, verdict))
        .compose(v -> stages.authenticate(route, request))
        .compose(caller -> stages.limitCaller(route, caller)
            .compose(verdict -> admit(exchange, verdict))
            .map(caller))
        .compose(caller -> {
          if (awaitsContinue && !BodyCollector.announcesMoreThan(request, options.bodyLimitBytes())) {
            request.response().writeContinue();
            exchange.closeAfterAnswer(false);
          }
          return body.map(received -> stages.readBody(route, request, received))
              .map(params -> stages.validate(route, params))
              .compose(params -> stages.forward(resolved,
                  new ServiceRequest(route.action(), params, caller, exchange.requestId(), clientAddress)));
        });
  }

  /** Whether the client waits for {@code 100 Continue} before it sends its body. */
  private static boolean awaitsContinue(HttpServerRequest request) {
    return request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true);
  }

  /** The quotas met are reported on the answer, whatever it is; an exceeded one is the answer. */
  private static Future<Void> admit(Exchange exchange, Verdict verdict) {
    exchange.addQuotas(verdict.quotas());
    return verdict.refused() ? Future.failedFuture(verdict.refusal()) : Future.succeededFuture();
  }
}
