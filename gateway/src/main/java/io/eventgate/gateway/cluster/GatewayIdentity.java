package io.eventgate.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

/**
 * Which gateway process a report is from: its id — the cluster member id when clustered, so it matches the
 * event bus's own view of the process; a random one per start otherwise — its operating-system pid and host
 * name, and the addresses its two listeners were given.
 */
public record GatewayIdentity(String id, long pid, String host, String http, String admin, Instant startedAt) {

  /** Reads the host name on a worker: a name lookup may block. */
  public static Future<GatewayIdentity> of(Vertx vertx, String http, String admin) {
    String id = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodeId()
        : UUID.randomUUID().toString();
    Instant startedAt = Instant.now();
    return vertx.executeBlocking(() -> new GatewayIdentity(id, ProcessHandle.current().pid(), hostName(), http,
        admin, startedAt));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
