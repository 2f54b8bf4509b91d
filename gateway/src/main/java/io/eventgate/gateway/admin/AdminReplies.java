package io.eventgate.gateway.admin;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Envelope;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.pipeline.EnvelopeResponse;
import io.eventgate.gateway.pipeline.RequestIds;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes admin answers in the same envelope as the gateway's (CONTRACT.md section 9). */
final class AdminReplies {

  static final String REQUEST_ID = "requestId";
  private static final Logger LOG = LoggerFactory.getLogger(AdminReplies.class);

  private AdminReplies() {
  }

  static void succeed(RoutingContext ctx, JsonObject data) {
    send(ctx, Status.ACTION_SUCCESSFUL, Envelope.of(Status.ACTION_SUCCESSFUL, null, data, null, null, requestId(ctx)));
  }

  static void fail(RoutingContext ctx, Throwable failure) {
    ApiException api;
    if (failure instanceof ApiException known) {
      api = known;
    } else {
      LOG.error("admin request {}: unexpected {}", requestId(ctx), ApiException.describe(failure));
      api = new ApiException(Status.APPLICATION_CRASH);
    }
    send(ctx, api.status(), Envelope.failure(api, requestId(ctx)));
  }

  private static String requestId(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    if (id == null) {
      id = RequestIds.fromHeader(ctx.request().getHeader(RequestIds.HEADER));
      ctx.put(REQUEST_ID, id);
    }
    return id;
  }

  private static void send(RoutingContext ctx, Status status, JsonObject envelope) {
    EnvelopeResponse.send(ctx.response(), status, envelope);
  }
}
