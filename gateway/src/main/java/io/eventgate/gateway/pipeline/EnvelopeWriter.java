package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Envelope;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.gateway.metrics.RequestMetrics;
import io.eventgate.gateway.notifications.Notifier;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a gateway response is written: every outcome — a reply, a catalog failure, or anything
 * unexpected — becomes the envelope of CONTRACT.md section 1. Unexpected failures are logged by class and
 * message only and answered with a catalog status; nothing internal reaches the client. Faults operators
 * must see are handed to the {@link Notifier} with their internal detail.
 */
public final class EnvelopeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(EnvelopeWriter.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("eventgate.access");

  private final boolean accessLog;
  private final Notifier notifier;
  private final RequestMetrics metrics;

  public EnvelopeWriter(boolean accessLog, Notifier notifier, RequestMetrics metrics) {
    this.accessLog = accessLog;
    this.notifier = notifier;
    this.metrics = metrics;
  }

  /**
   * @param unexpected the status for a failure that is not an {@link ApiException}: identify-request-error
   *                   before the route is known, application-crash after
   */
  public void write(Exchange exchange, AsyncResult<ServiceReply> outcome, Status unexpected) {
    if (clientGone(exchange, outcome)) {
      // Nobody to answer, and nothing went wrong inside: no error, no notification, one access-log line.
      accessLog(exchange, "client-closed-request");
      return;
    }
    JsonObject envelope;
    Status status;
    if (outcome.succeeded()) {
      ServiceReply reply = outcome.result();
      status = Status.ACTION_SUCCESSFUL;
      envelope = Envelope.of(status, null, reply.data(), reply.session(), null, exchange.requestId());
    } else {
      ApiException failure = asApiException(outcome.cause(), unexpected, exchange.requestId());
      status = failure.status();
      envelope = Envelope.failure(failure, exchange.requestId());
      notifier.record(failure, exchange.routeKey(), exchange.requestId());
    }
    send(exchange, status, envelope);
  }

  private static boolean clientGone(Exchange exchange, AsyncResult<ServiceReply> outcome) {
    HttpServerResponse response = exchange.request().response();
    return response.closed() || (outcome.failed() && outcome.cause() instanceof HttpClosedException);
  }

  /** The access-log line and the request metrics: once per request, whatever its outcome. */
  private void accessLog(Exchange exchange, String status) {
    metrics.record(exchange.routeKey(), status, exchange.elapsedNanos());
    if (accessLog) {
      HttpServerRequest request = exchange.request();
      ACCESS.info("{} {} {} route={} status={} {}ms", exchange.requestId(), request.method(), request.path(),
          exchange.routeKey(), status, exchange.elapsedNanos() / 1_000_000);
    }
  }

  private void send(Exchange exchange, Status status, JsonObject envelope) {
    // A body still arriving (too large, or refused before it was read) keeps being read and discarded
    // by the BodyCollector, so the client can finish sending and then read this answer.
    if (EnvelopeResponse.send(exchange.request().response(), status, envelope)) {
      accessLog(exchange, status.code());
    }
  }

  private static ApiException asApiException(Throwable failure, Status unexpected, String requestId) {
    if (failure instanceof ApiException api) {
      return api;
    }
    LOG.error("request {}: unexpected {}", requestId, ApiException.describe(failure));
    return ApiException.withDetail(unexpected, null, ApiException.describe(failure));
  }
}
