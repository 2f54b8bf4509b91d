package io.eventgate.gateway.admin;

import io.eventgate.common.bus.ServiceReply;
import io.eventgate.gateway.http.EnvelopeWriter;
import io.eventgate.gateway.http.Exchange;
import io.eventgate.gateway.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes admin answers through the gateway's own {@link EnvelopeWriter} (docs/API.md section 10), so both
 * listeners answer, log, count and notify the same way. Requests are labelled by route template, never by
 * raw path, so a client cannot make the number of metric series grow.
 */
final class AdminReplies {

  private static final String EXCHANGE = "eventgate.exchange";
  /** The routes mounted with a regular expression, which have no template of their own. */
  private static final String ROUTES_TEMPLATE = "/admin/routes/{METHOD}{path}";

  private AdminReplies() {
  }

  /** The first handler of every admin request: its clock and request id start here. */
  static Handler<RoutingContext> begin(EnvelopeWriter writer) {
    return ctx -> {
      if (writer.onClosingConnection(ctx.request())) {
        return; // bytes of a refused request's body, on a connection being closed
      }
      String requestId = RequestIds.fromHeader(ctx.request().getHeader(RequestIds.HEADER));
      ctx.put(EXCHANGE, new AdminExchange(new Exchange(ctx.request(), requestId), writer));
      ctx.next();
    };
  }

  /**
   * Answers a request the router failed before any handler began it (a path it could not decode): begins it
   * as {@link #begin} would, then fails it, so it is answered, logged and counted like any other.
   */
  static void failUnrouted(EnvelopeWriter writer, RoutingContext ctx, Throwable failure) {
    if (ctx.get(EXCHANGE) == null) {
      String requestId = RequestIds.fromHeader(ctx.request().getHeader(RequestIds.HEADER));
      ctx.put(EXCHANGE, new AdminExchange(new Exchange(ctx.request(), requestId), writer));
    }
    fail(ctx, failure);
  }

  static void succeed(RoutingContext ctx, JsonObject data) {
    answer(ctx, Future.succeededFuture(ServiceReply.of(data)));
  }

  static void fail(RoutingContext ctx, Throwable failure) {
    answer(ctx, Future.failedFuture(failure));
  }

  private static void answer(RoutingContext ctx, Future<ServiceReply> outcome) {
    AdminExchange admin = ctx.get(EXCHANGE);
    admin.exchange.routeKey(routeKey(ctx));
    admin.writer.write(admin.exchange, outcome);
  }

  private static String routeKey(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    // A path with :params keeps its text; only the routes given as a regular expression have none.
    String template = route == null ? null : route.getPath() != null ? route.getPath()
        : route.isRegexPath() ? ROUTES_TEMPLATE : null;
    return template == null ? "-" : ctx.request().method().name() + ' ' + template;
  }

  private record AdminExchange(Exchange exchange, EnvelopeWriter writer) {
  }
}
