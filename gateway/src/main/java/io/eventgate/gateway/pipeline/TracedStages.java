package io.eventgate.gateway.pipeline;

import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.ratelimit.Verdict;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The stages, each in a span of its own under the request's HTTP span when tracing is on: {@code identify},
 * {@code rate limit}, {@code authenticate}, {@code rate limit caller}, {@code read body}, {@code validate}.
 * Forwarding has no span of its own here: Vert.x makes the event-bus message's. Installed only when tracing
 * is on ({@link #over}), so with tracing off the stages run exactly as they would without it.
 */
public final class TracedStages implements Stages {

  private final Stages stages;
  private final Tracing tracing;

  private TracedStages(Stages stages, Tracing tracing) {
    this.stages = stages;
    this.tracing = tracing;
  }

  /** The stages themselves when tracing is off, else the stages in spans. */
  public static Stages over(Stages stages, Tracing tracing) {
    return tracing.on() ? new TracedStages(stages, tracing) : stages;
  }

  @Override
  public ResolvedRoute identify(HttpServerRequest request) {
    return tracing.spanNow("identify", () -> stages.identify(request));
  }

  @Override
  public Future<Verdict> limitRequest(RouteRecord route, String clientAddress) {
    return tracing.span("rate limit", () -> stages.limitRequest(route, clientAddress));
  }

  @Override
  public Future<Caller> authenticate(RouteRecord route, HttpServerRequest request) {
    return tracing.span("authenticate", () -> stages.authenticate(route, request));
  }

  @Override
  public Future<Verdict> limitCaller(RouteRecord route, Caller caller) {
    return tracing.span("rate limit caller", () -> stages.limitCaller(route, caller));
  }

  @Override
  public JsonObject readBody(RouteRecord route, HttpServerRequest request, ReceivedBody body) {
    return tracing.spanNow("read body", () -> stages.readBody(route, request, body));
  }

  @Override
  public JsonObject validate(RouteRecord route, JsonObject params) {
    return tracing.spanNow("validate", () -> stages.validate(route, params));
  }

  @Override
  public Future<ServiceReply> forward(ResolvedRoute resolved, ServiceRequest request) {
    return stages.forward(resolved, request);
  }
}
