package io.eventgate.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Receives a request body while the earlier stages run, keeping at most {@code limit} bytes. A body that
 * announces or reaches more is reported too large at once and the rest is discarded unread, so a client
 * cannot make the gateway hold more than the limit per request.
 */
final class BodyCollector {

  private final int limit;
  private final Promise<ReceivedBody> result = Promise.promise();
  private Buffer bytes = Buffer.buffer();

  private BodyCollector(int limit) {
    this.limit = limit;
  }

  static Future<ReceivedBody> collect(HttpServerRequest request, int limit) {
    BodyCollector collector = new BodyCollector(limit);
    if (announcedLength(request) > limit) {
      collector.tooLarge();
    }
    request.handler(collector::append);
    request.endHandler(v -> collector.end());
    request.exceptionHandler(collector.result::tryFail);
    return collector.result.future();
  }

  private static long announcedLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void append(Buffer chunk) {
    if (bytes == null) {
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
