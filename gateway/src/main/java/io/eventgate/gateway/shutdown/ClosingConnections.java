package io.eventgate.gateway.shutdown;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * Ends every connection cleanly once the process is stopping, shared by the main and the admin listener.
 *
 * <p>Closing an idle keep-alive connection races with a peer that is sending a request on it at that very
 * moment: the request is lost, and a load balancer rightly does not retry a POST it has sent. So the gateway
 * never closes an HTTP/1.1 connection between requests on its own initiative while stopping: from
 * {@link #begin()} on, every answer carries {@code Connection: close} and its connection is shut down right
 * after it, so the peer learns from the answer itself that the connection is over (RFC 9112 section 9.6).
 * An HTTP/2 connection gets a GOAWAY instead, which tells the peer which streams were not processed, so it
 * can send them elsewhere safely. Vert.x's own {@code HttpServer.shutdown} closes idle HTTP/1.1 connections
 * at once, which is why this must happen before the listener closes, not with it; the listener itself
 * closes through a {@link GracefulListener}.
 */
public final class ClosingConnections {

  private final long drainTimeoutMs;
  private volatile boolean closing;

  public ClosingConnections(ShutdownOptions options) {
    this.drainTimeoutMs = options.drainTimeoutMs();
  }

  /** From now on every answer ends its connection. */
  public void begin() {
    closing = true;
  }

  public boolean closing() {
    return closing;
  }

  /** Called just before a response's headers are written: ends the connection after it when stopping. */
  void beforeHeaders(HttpServerRequest request) {
    if (!closing) {
      return;
    }
    if (request.version() != HttpVersion.HTTP_2) {
      // A connection-specific header, forbidden in HTTP/2, where GOAWAY says the same.
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    // HTTP/1.x: Vert.x closes the connection once this response is written (and the request read), and
    // reads no further request on it. HTTP/2: GOAWAY now, the streams already open finish.
    request.connection().shutdown(drainTimeoutMs, TimeUnit.MILLISECONDS);
  }

  /** A new listener's way to close, for one server instance. */
  public GracefulListener listener() {
    return new GracefulListener(this, drainTimeoutMs);
  }
}
