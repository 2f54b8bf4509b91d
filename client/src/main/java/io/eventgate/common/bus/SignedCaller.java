package io.eventgate.common.bus;

import java.time.Instant;

/**
 * A caller with its signature (docs/EVENTBUS.md section 7): what a service needs to serve a request made for
 * somebody. {@link SignedCallers#forSession} gets one for a user's session and one service's address; it is
 * good there until {@code expiresAt}, for any number of requests, then ask again. {@code assertion} is
 * {@code null} on a bus whose services check no callers.
 */
public record SignedCaller(Caller caller, String address, String assertion, Instant expiresAt) {

  /** Whether it is still good {@code marginSeconds} from now (always, when unsigned). */
  public boolean goodFor(long marginSeconds) {
    return expiresAt == null || Instant.now().plusSeconds(marginSeconds).isBefore(expiresAt);
  }
}
