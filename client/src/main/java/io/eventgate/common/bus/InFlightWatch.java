package io.eventgate.common.bus;

import io.vertx.core.Future;

/**
 * Something that may answer a request in flight before its timeout, when it knows that nobody will answer it:
 * the system's own processes use one that watches the cluster's members (in the {@code common} module), so a
 * request held by a process that died fails in about half a second instead of at its timeout.
 * A {@link ServiceClient} made without one leaves every request to its timeout.
 */
public interface InFlightWatch {

  /**
   * The answer of a request to {@code address} as its caller sees it: {@code answer}'s outcome, or, first, a
   * {@link io.vertx.core.eventbus.ReplyException} of type {@code NO_HANDLERS} when the watch knows that no
   * consumer of {@code address} is left — what the bus itself says of an address nobody consumes.
   */
  <T> Future<T> track(String address, Future<T> answer);
}
