package io.eventgate.gateway.pipeline;

import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.gateway.ratelimit.Verdict;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The five stages of docs/API.md section 2, in their order (the rate limits close stages 1 and 2). {@link GatewayVerticle} runs them; a stage fails
 * by throwing (an {@code ApiException} for a catalog answer) or by a failed future, and either way the
 * failure becomes the request's one answer. {@link RegistryStages} are the real ones; tests swap one for a
 * stage that throws to prove that nothing escapes the pipeline.
 */
public interface Stages {

  /** 1: the route and its service. */
  ResolvedRoute identify(HttpServerRequest request);

  /** 1, its last check: the route's per-address and per-route rate limits for a client at this address. */
  Future<Verdict> limitRequest(RouteRecord route, String clientAddress);

  /** 2: the caller, when the route requires one. */
  Future<Caller> authenticate(RouteRecord route, HttpServerRequest request);

  /** 2, its last check: the route's per-caller rate limit. */
  Future<Verdict> limitCaller(RouteRecord route, Caller caller);

  /** 3: the params the body holds. */
  JsonObject readBody(RouteRecord route, HttpServerRequest request, ReceivedBody body);

  /** 4: the params the route declares, checked and with their defaults. */
  JsonObject validate(RouteRecord route, JsonObject params);

  /** 5: the service's reply. */
  Future<ServiceReply> forward(ResolvedRoute resolved, ServiceRequest request);
}
