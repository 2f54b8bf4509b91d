package io.eventgate.gateway.shutdown;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes one HTTP listener (one server instance) without dropping a request, once the shutdown grace is
 * over. First the listening socket alone closes, so new connections are refused — a load balancer resends
 * those elsewhere, nothing having been sent — while every connection already accepted goes on being served,
 * including one accepted an instant before whose request is still on its way; from then on each answer
 * ends its connection ({@link ClosingConnections}). A connection idle through the whole grace is closed at
 * once: a peer that keeps idle connections for less than the grace, as nginx does as shipped, has none of
 * those, so nobody is sending on it. The others end with their next answer or when the peer closes them;
 * once none is left, or {@code DRAIN_TIMEOUT_MS} has passed, what remains is closed.
 *
 * <p>Why not {@code HttpServer.shutdown} alone: in Vert.x 5.0.x it closes the listener and, in the same
 * step, every HTTP/1.1 connection with no request in progress — kept-alive connections a peer is about to
 * reuse, and one accepted a moment ago whose request has not been read yet — and those requests are lost
 * (behind nginx, about one per restart under load: RollingRestartTest). Vert.x has no public way to close
 * only the listening socket, so this reaches it as the parent of an accepted connection's Netty channel, an
 * internal API; should a Vert.x upgrade change that, it falls back to {@code HttpServer.shutdown} and says
 * so in the log.
 */
public final class GracefulListener {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulListener.class);
  /**
   * After the socket closes, how long a connection it accepted just before may take to reach its event
   * loop and be counted: one turn of a busy loop, with a wide margin.
   */
  private static final long SETTLE_MS = 100;

  private final ClosingConnections closing;
  private final long drainTimeoutMs;
  private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
  /** Connections opened or answered on during the grace: a peer may still be using them. */
  private final Set<HttpConnection> usedDuringGrace = ConcurrentHashMap.newKeySet();
  private final Promise<Void> drained = Promise.promise();
  private volatile boolean draining;
  private volatile Channel listeningSocket;

  GracefulListener(ClosingConnections closing, long drainTimeoutMs) {
    this.closing = closing;
    this.drainTimeoutMs = drainTimeoutMs;
  }

  /** Keeps track of a new connection of the server: call it from the server's connection handler. */
  public void opened(HttpConnection connection) {
    open.add(connection);
    if (closing.stopping()) {
      usedDuringGrace.add(connection);
    }
    connection.closeHandler(v -> {
      open.remove(connection);
      usedDuringGrace.remove(connection);
      if (draining && open.isEmpty()) {
        drained.tryComplete();
      }
    });
    if (listeningSocket == null && connection instanceof ConnectionBase base) {
      listeningSocket = base.channel().parent();
    }
  }

  /** Call just before a response's headers are written (see {@link ClosingConnections#beforeHeaders}). */
  public void beforeHeaders(HttpServerRequest request) {
    if (closing.stopping()) {
      usedDuringGrace.add(request.connection());
      closing.beforeHeaders(request);
    }
  }

  /**
   * Refuses new connections, closes those idle through the whole grace, waits until the others have ended
   * (at most the drain timeout), then closes what is left.
   */
  public Future<Void> close(Vertx vertx, HttpServer server) {
    if (server == null) {
      return Future.succeededFuture();
    }
    Channel socket = listeningSocket;
    if (socket == null) {
      closing.endGrace();
      if (!open.isEmpty()) {
        LOG.warn("cannot close the listening socket alone with this Vert.x; idle connections close at once");
      }
      return server.shutdown(drainTimeoutMs, TimeUnit.MILLISECONDS);
    }
    long deadline = vertx.setTimer(drainTimeoutMs, id -> drained.tryComplete());
    Promise<Void> socketClosed = Promise.promise();
    socket.close().addListener(done -> socketClosed.complete());
    return socketClosed.future()
        .compose(v -> {
          closing.endGrace();
          Promise<Void> settled = Promise.promise();
          vertx.setTimer(SETTLE_MS, id -> settled.complete());
          return settled.future();
        })
        .compose(v -> {
          draining = true;
          for (HttpConnection connection : open) {
            if (!usedDuringGrace.contains(connection)) {
              // Idle through the whole grace (or still answering a request from before it, which Vert.x
              // lets finish before closing).
              connection.shutdown(drainTimeoutMs, TimeUnit.MILLISECONDS);
            }
          }
          if (open.isEmpty()) {
            drained.tryComplete();
          }
          return drained.future();
        })
        .compose(v -> {
          vertx.cancelTimer(deadline);
          // Nothing is left when everything ended in time; otherwise what outlived the drain timeout.
          return server.close();
        });
  }
}
