package io.eventgate.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Receives a request body while the earlier stages run, keeping at most {@code limit} bytes. A body that
 * announces or reaches more is reported too large at once. The rest is read and discarded — a client
 * that is still sending would otherwise lose the answer to a connection reset — but only up to a bound;
 * past it the connection is closed, so a client cannot make the gateway hold or read without end. A body
 * that has not arrived whole within the deadline closes the connection too (slow senders hold memory).
 */
final class BodyCollector {

  /** How much of an unwanted body is read and thrown away before the connection is closed instead. */
  static final long DISCARD_LIMIT = 1024 * 1024;

  private final HttpServerRequest request;
  private final int limit;
  private final Promise<ReceivedBody> result = Promise.promise();
  private Buffer bytes = Buffer.buffer();
  private long discarded;

  private BodyCollector(HttpServerRequest request, int limit) {
    this.request = request;
    this.limit = limit;
  }

  static Future<ReceivedBody> collect(Vertx vertx, HttpServerRequest request, int limit, long deadlineMs) {
    BodyCollector collector = new BodyCollector(request, limit);
    if (announcesMoreThan(request, limit)) {
      collector.tooLarge();
    }
    long deadline = vertx.setTimer(deadlineMs, id -> {
      request.connection().close();
      collector.result.tryFail(new HttpClosedException("the body did not arrive within " + deadlineMs + " ms"));
    });
    request.handler(collector::append);
    request.endHandler(v -> {
      vertx.cancelTimer(deadline);
      collector.end();
    });
    request.exceptionHandler(e -> {
      vertx.cancelTimer(deadline);
      collector.result.tryFail(e);
    });
    return collector.result.future();
  }

  /** Whether the request's {@code Content-Length} says its body is over the limit. */
  static boolean announcesMoreThan(HttpServerRequest request, int limit) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return false;
    }
    try {
      return Long.parseLong(header.trim()) > limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void append(Buffer chunk) {
    if (bytes == null) {
      discarded += chunk.length();
      if (discarded > DISCARD_LIMIT) {
        request.connection().close();
      }
      return;
    }
    if (bytes.length() + chunk.length() > limit) {
      tooLarge();
      return;
    }
    bytes.appendBuffer(chunk);
  }

  private void tooLarge() {
    bytes = null;
    result.tryComplete(ReceivedBody.TOO_LARGE);
  }

  private void end() {
    if (bytes != null) {
      result.tryComplete(new ReceivedBody(bytes, false));
    }
  }
}
