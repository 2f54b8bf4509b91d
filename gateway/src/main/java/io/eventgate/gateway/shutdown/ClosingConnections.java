package io.eventgate.gateway.shutdown;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * Where a stopping process stands, shared by the main and the admin listener and by readiness: serving as
 * usual through the grace, then ending every connection after its next answer once the listeners have
 * closed.
 *
 * <p>Closing an idle kept-alive connection races with a peer that is sending a request on it at that very
 * moment: the request is lost, and a load balancer rightly does not resend a POST it has sent. So the
 * gateway ends a connection through its answer instead: after {@link #endGrace()}, every answer carries
 * {@code Connection: close} and its connection is shut down right after it, so the peer learns from the
 * answer itself that the connection is over (RFC 9112 section 9.6). An HTTP/2 connection gets a GOAWAY,
 * which tells the peer which streams were not processed, so it can send them elsewhere safely.
 *
 * <p>Why not from the start of the grace: every such answer makes nginx open a new connection for the next
 * request, and a connection being opened at the instant the listening socket closes is reset by the
 * kernel with its request in it. Kept alive through the grace, connections are reused, new ones are rare
 * when the socket closes, and the next new one is refused — which nginx resends elsewhere, since nothing
 * was sent, and takes as the sign to leave this gateway alone (RollingRestartTest measured both).
 */
public final class ClosingConnections {

  private final long drainTimeoutMs;
  private volatile boolean stopping;
  private volatile boolean graceOver;

  public ClosingConnections(ShutdownOptions options) {
    this.drainTimeoutMs = options.drainTimeoutMs();
  }

  /** The process is stopping: readiness turns 503, connections are served as before. */
  public void beginGrace() {
    stopping = true;
  }

  /** True from the start of the grace on. */
  public boolean stopping() {
    return stopping;
  }

  /** The listening sockets are closed: from now on every answer ends its connection. */
  void endGrace() {
    graceOver = true;
  }

  /** Called just before a response's headers are written: ends the connection after it once the grace is over. */
  void beforeHeaders(HttpServerRequest request) {
    if (!graceOver) {
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
