package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.Status;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.gateway.breaker.ServiceBreakers;
import io.eventgate.gateway.http.SingleValueHeaders;
import io.eventgate.gateway.ratelimit.RouteLimiter;
import io.eventgate.gateway.ratelimit.Verdict;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.session.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** The gateway's stages: the registry snapshot, the rate limits, the session check, the body rules, the bus. */
public final class RegistryStages implements Stages {

  private final Registry registry;
  private final Authenticator authenticator;
  private final ServiceClient services;
  private final RouteLimiter limiter;
  private final ServiceBreakers breakers;

  /** Every argument is shared by all gateway instances; each is safe to use from any event loop. */
  public RegistryStages(Registry registry, Authenticator authenticator, ServiceClient services,
      RouteLimiter limiter, ServiceBreakers breakers) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.services = services;
    this.limiter = limiter;
    this.breakers = breakers;
  }

  @Override
  public ResolvedRoute identify(HttpServerRequest request) {
    return registry.snapshot().resolve(request.method().name(), request.path());
  }

  @Override
  public Future<Verdict> limitRequest(RouteRecord route, String clientAddress) {
    return limiter.admitRequest(route, clientAddress);
  }

  @Override
  public Future<Verdict> limitCaller(RouteRecord route, Caller caller) {
    return limiter.admitCaller(route, caller.userId());
  }

  @Override
  public Future<Caller> authenticate(RouteRecord route, HttpServerRequest request) {
    return authenticator.authenticate(route.auth(),
        SingleValueHeaders.get(request, HttpHeaders.AUTHORIZATION, Status.INVALID_TOKEN));
  }

  @Override
  public JsonObject readBody(RouteRecord route, HttpServerRequest request, ReceivedBody body) {
    return BodyReader.read(route, SingleValueHeaders.get(request, HttpHeaders.CONTENT_TYPE,
        Status.INVALID_CONTENT_TYPE), body);
  }

  @Override
  public JsonObject validate(RouteRecord route, JsonObject params) {
    return ParamValidator.validate(route.params(), params);
  }

  @Override
  public Future<ServiceReply> forward(ResolvedRoute resolved, ServiceRequest request) {
    return breakers.call(resolved.service(),
        () -> services.request(resolved.service().address(), request, resolved.service().timeoutMs()));
  }
}
