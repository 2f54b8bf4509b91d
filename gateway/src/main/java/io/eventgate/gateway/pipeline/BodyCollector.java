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
  /** Whether the body has ended or failed. */
  private boolean settled;
  /** The deadline's timer, once armed; -1 when none is. */
  private long deadline = -1;

  private BodyCollector(HttpServerRequest request, int limit) {
    this.request = request;
    this.limit = limit;
  }

  static Future<ReceivedBody> collect(Vertx vertx, HttpServerRequest request, int limit, long deadlineMs) {
    BodyCollector collector = new BodyCollector(request, limit);
    if (announcesMoreThan(request, limit)) {
      collector.tooLarge();
    }
    request.handler(collector::append);
    request.endHandler(v -> {
      collector.settle(vertx);
      collector.end();
    });
    request.exceptionHandler(e -> {
      collector.settle(vertx);
      collector.result.tryFail(e);
    });
    // A small request's body usually comes in the same read as its head, and has ended before the event
    // loop runs its next task: the deadline is armed in that task, only for a body still arriving, which
    // spares nearly every request a timer set and cancelled. It starts that moment after the head arrived.
    vertx.getOrCreateContext().runOnContext(v -> {
      if (!collector.settled) {
        collector.deadline = vertx.setTimer(deadlineMs, id -> {
          request.connection().close();
          collector.result.tryFail(new HttpClosedException("the body did not arrive within " + deadlineMs + " ms"));
        });
      }
    });
    return collector.result.future();
  }

  /** The body ended or failed: no deadline is armed for it any more, and an armed one is cancelled. */
  private void settle(Vertx vertx) {
    settled = true;
    if (deadline >= 0) {
      vertx.cancelTimer(deadline);
      deadline = -1;
    }
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
