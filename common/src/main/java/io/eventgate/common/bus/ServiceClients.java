package io.eventgate.common.bus;

import io.vertx.core.Vertx;

/**
 * The {@link ServiceClient} a process of the system forwards through. It lives here, not beside the client,
 * because its watch needs Hazelcast: the client module depends on vertx-core only.
 */
public final class ServiceClients {

  private ServiceClients() {
  }

  /**
   * When {@code vertx} is clustered, a request in flight to a service whose last consuming member leaves the
   * cluster is answered {@code service-unavailable} at once instead of at its timeout ({@link MemberLossWatcher}).
   * One per process is enough; unclustered, it is the plain client.
   */
  public static ServiceClient of(Vertx vertx) {
    return of(vertx, CallerAssertions.open());
  }

  /** {@link #of(Vertx)}, signing the caller of every request with {@code callers} (the gateway's). */
  public static ServiceClient of(Vertx vertx, CallerAssertions callers) {
    return new ServiceClient(vertx.eventBus(), MemberLossWatcher.install(vertx), callers);
  }
}
