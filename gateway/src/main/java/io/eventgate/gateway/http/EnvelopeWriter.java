package io.eventgate.gateway.http;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Envelope;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.ratelimit.RateLimitFields;
import io.eventgate.gateway.metrics.RequestMetrics;
import io.eventgate.gateway.notifications.Notifier;
import io.netty.handler.codec.TooLongFrameException;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a gateway response is written, on the main and the admin listener alike: every outcome — a
 * reply, a catalog failure, or anything unexpected — becomes the envelope of docs/API.md section 1.
 * Unexpected failures are logged by class and message only and answered with a catalog status; nothing
 * internal reaches the client. Faults operators must see are handed to the {@link Notifier} with their
 * internal detail. With tracing on, the answer carries the request's {@code traceparent}, and its trace id
 * goes to the access log and to the notifications beside the request id.
 */
public final class EnvelopeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(EnvelopeWriter.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("eventgate.access");
  /** The W3C header of the request's trace, on every envelope answer when tracing is on. */
  public static final CharSequence TRACEPARENT = HttpHeaders.createOptimized("traceparent");

  private final boolean accessLog;
  private final Notifier notifier;
  private final RequestMetrics metrics;
  private final Tracing tracing;
  /** Connections being closed after their answer, until they are; shared by every event loop of the process. */
  private final Set<HttpConnection> closing = ConcurrentHashMap.newKeySet();

  public EnvelopeWriter(boolean accessLog, Notifier notifier, RequestMetrics metrics, Tracing tracing) {
    this.accessLog = accessLog;
    this.notifier = notifier;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Answers the request with its outcome. A failure that is not an {@link ApiException} is
   * {@code identify-request-error} before the route is known and {@code application-crash} after.
   */
  public void write(Exchange exchange, AsyncResult<ServiceReply> outcome) {
    // Written on the request's Vert.x context, where the current span is the request's HTTP span.
    SpanContext trace = tracing.current();
    String traceId = Tracing.traceId(trace);
    if (clientGone(exchange, outcome)) {
      // Nobody to answer, and nothing went wrong inside: no error, no notification, one access-log line.
      accessLog(exchange, "client-closed-request", traceId);
      return;
    }
    JsonObject envelope;
    Status status;
    HttpServerResponse response = exchange.request().response();
    if (traceId != null && !response.headWritten()) {
      response.putHeader(TRACEPARENT, Tracing.traceparent(trace));
    }
    if (!exchange.quotas().isEmpty() && !response.headWritten()) {
      response.putHeader(RateLimitFields.POLICY, RateLimitFields.policy(exchange.quotas()))
          .putHeader(RateLimitFields.STATE, RateLimitFields.state(exchange.quotas()));
    }
    if (outcome.succeeded()) {
      ServiceReply reply = outcome.result();
      status = Status.ACTION_SUCCESSFUL;
      envelope = Envelope.of(status, null, reply.data(), reply.session(), null, exchange.requestId());
    } else {
      Status unexpected = exchange.identified() ? Status.APPLICATION_CRASH : Status.IDENTIFY_REQUEST_ERROR;
      ApiException failure = asApiException(outcome.cause(), unexpected, exchange.requestId());
      status = failure.status();
      envelope = Envelope.failure(failure, exchange.requestId());
      if (failure.retryAfterSeconds() > 0 && !response.headWritten()) {
        response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
      }
      notifier.record(failure, exchange.routeKey(), exchange.requestId(), traceId);
      if (status.httpStatus() >= 500) {
        // Vert.x records the HTTP status on the span but leaves its status unset: a 5xx would not show as one.
        tracing.currentFailed(status.code());
      }
    }
    send(exchange, status, envelope, traceId);
  }

  private static boolean clientGone(Exchange exchange, AsyncResult<ServiceReply> outcome) {
    HttpServerResponse response = exchange.request().response();
    return response.closed() || (outcome.failed() && outcome.cause() instanceof HttpClosedException);
  }

  /** The access-log line and the request metrics: once per request, whatever its outcome. */
  private void accessLog(Exchange exchange, String status, String traceId) {
    metrics.record(exchange.routeKey(), status, exchange.elapsedNanos());
    if (accessLog) {
      HttpServerRequest request = exchange.request();
      ACCESS.info("{} trace={} {} {} route={} status={} {}ms", exchange.requestId(), traceId == null ? "-" : traceId,
          request.method(), request.path(), exchange.routeKey(), status, exchange.elapsedNanos() / 1_000_000);
    }
  }

  /**
   * Answers with a status and no body: the answer to {@code OPTIONS}, whose headers the caller has set;
   * {@code logStatus} is what the access log and the metrics call it.
   */
  public void writeEmpty(Exchange exchange, int code, String logStatus) {
    SpanContext trace = tracing.current();
    String traceId = Tracing.traceId(trace);
    HttpServerResponse response = exchange.request().response();
    response.setStatusCode(code).putHeader(RequestIds.HEADER, exchange.requestId())
        .putHeader(EnvelopeResponse.X_CONTENT_TYPE_OPTIONS, EnvelopeResponse.NOSNIFF);
    if (traceId != null) {
      response.putHeader(TRACEPARENT, Tracing.traceparent(trace));
    }
    end(exchange, () -> response.end());
    accessLog(exchange, logStatus, traceId);
  }

  /**
   * A request Netty could not decode (a request line or headers over its limits, broken or ambiguous
   * framing) still gets the envelope: {@code request-too-large} for what is too long, else
   * {@code invalid-encoded-params}; the connection cannot be trusted to carry another request after it.
   */
  public void answerUndecodable(HttpServerRequest request) {
    if (onClosingConnection(request)) {
      return;
    }
    Exchange exchange = new Exchange(request, RequestIds.fromHeader(null));
    Throwable cause = request.decoderResult().cause();
    ApiException answer = cause instanceof TooLongFrameException
        ? new ApiException(Status.REQUEST_TOO_LARGE, "The request line or headers are larger than this gateway accepts.")
        : cause instanceof StrictRequestDecoder.FramingException framing
        ? new ApiException(Status.INVALID_ENCODED_PARAMS, framing.getMessage())
        : new ApiException(Status.INVALID_ENCODED_PARAMS, "The request could not be read as HTTP.");
    exchange.closeAfterAnswer(true);
    write(exchange, Future.failedFuture(answer));
  }

  /**
   * Whether the request came on a connection that is being closed after a refused request: its bytes are
   * what that request's unknown body held (a smuggled request), so it is dropped unanswered.
   */
  public boolean onClosingConnection(HttpServerRequest request) {
    return !closing.isEmpty() && closing.contains(request.connection());
  }

  private void send(Exchange exchange, Status status, JsonObject envelope, String traceId) {
    // A body still arriving (too large, or refused before it was read) keeps being read and discarded
    // by the BodyCollector, so the client can finish sending and then read this answer.
    HttpServerResponse response = exchange.request().response();
    if (response.ended()) {
      return;
    }
    end(exchange, () -> EnvelopeResponse.send(response, status, envelope));
    accessLog(exchange, status.code(), traceId);
  }

  /** Ends the response, and then its connection when the request's framing or leftover body is unknown. */
  private void end(Exchange exchange, Supplier<Future<Void>> answer) {
    if (!exchange.closeAfterAnswer()) {
      answer.get();
      return;
    }
    // Marked before the answer ends: Vert.x hands a request pipelined behind this one to the handler
    // within end() itself.
    HttpConnection connection = exchange.request().connection();
    closing.add(connection);
    exchange.request().response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    answer.get().onComplete(sent -> connection.close().onComplete(closed -> closing.remove(connection)));
  }

  private static ApiException asApiException(Throwable failure, Status unexpected, String requestId) {
    if (failure instanceof ApiException api) {
      return api;
    }
    LOG.error("request {}: unexpected {}", requestId, ApiException.describe(failure));
    return ApiException.withDetail(unexpected, null, ApiException.describe(failure));
  }
}
