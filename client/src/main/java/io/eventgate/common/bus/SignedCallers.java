package io.eventgate.common.bus;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Gets the signed caller of a user's session from the users service ({@code users · session_caller},
 * docs/EVENTBUS.md section 7): how a verticle of your own acts for a user. Give it the token the user logged
 * in with; a token that is not good fails with {@code invalid-token}, an expired session with
 * {@code session-expired}, as the HTTP API would answer it.
 *
 * <pre>{@code
 * SignedCallers callers = new SignedCallers(vertx);
 * callers.forSession(token, AppointmentsClient.ADDRESS)
 *     .compose(caller -> appointments.read(appointmentId, AppointmentsClient.View.DEFAULT, caller));
 * }</pre>
 *
 * A signature is good at the one address it was asked for: what one service receives cannot be sent on to
 * another.
 */
public final class SignedCallers {

  /** The event-bus address of the users service, as the system ships it. */
  public static final String ADDRESS = "users";
  /** The action that signs the caller of a session. */
  public static final String ACTION = "session_caller";

  private final ServiceClient client;
  private final long timeoutMs;

  /** Asks on {@code vertx}'s event bus, waiting {@link AppointmentsClient#DEFAULT_TIMEOUT_MS} for each answer. */
  public SignedCallers(Vertx vertx) {
    this(new ServiceClient(vertx.eventBus()), AppointmentsClient.DEFAULT_TIMEOUT_MS);
  }

  public SignedCallers(ServiceClient client, long timeoutMs) {
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeoutMs must be more than 0, not " + timeoutMs);
    }
    this.client = Objects.requireNonNull(client, "client");
    this.timeoutMs = timeoutMs;
  }

  /** The caller {@code sessionToken} stands for, signed for requests to {@code address} for the next 30 seconds. */
  public Future<SignedCaller> forSession(String sessionToken, String address) {
    JsonObject params = new JsonObject().put("token", Objects.requireNonNull(sessionToken, "sessionToken"))
        .put("address", Objects.requireNonNull(address, "address"));
    return client.request(ADDRESS, new ServiceRequest(ACTION, params, Caller.ANONYMOUS, null), timeoutMs)
        .map(reply -> read(reply.data(), address));
  }

  private static SignedCaller read(JsonObject data, String address) {
    try {
      String expires = data.getString("expires_at");
      return new SignedCaller(Caller.fromJson(data.getJsonObject("caller")), address, data.getString("assertion"),
          expires == null ? null : Instant.parse(expires));
    } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
      throw ApiException.withDetail(Status.APPLICATION_CRASH, null,
          "the users service answered session_caller outside the contract");
    }
  }
}
