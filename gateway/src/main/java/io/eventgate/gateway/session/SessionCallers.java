package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.bus.SignedCallers;
import io.eventgate.gateway.registry.Auth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The users service's {@code session_caller} action (docs/EVENTBUS.md section 7; the client side is
 * {@link SignedCallers}): an internal caller acting
 * for a user hands over the user's session token and gets the caller it stands for, signed, to send to any
 * service. The token is judged exactly as the gateway judges {@code Authorization: Bearer} on a route with
 * auth {@code session}: a bad one is {@code invalid-token}, an expired session {@code session-expired}.
 */
public final class SessionCallers {

  /** The action's name on the users address. */
  public static final String ACTION = SignedCallers.ACTION;
  /** Tokens this service issues are a few hundred characters; a longer string is not one of them. */
  static final int MAX_TOKEN_LENGTH = 4096;

  private final Authenticator authenticator;
  private final CallerAssertions callers;

  public SessionCallers(Authenticator authenticator, CallerAssertions callers) {
    this.authenticator = authenticator;
    this.callers = callers;
  }

  public Future<ServiceReply> exchange(ServiceRequest request) {
    Object token = request.params().getValue("token");
    if (token == null) {
      return Future.failedFuture(ApiException.missingParam("token"));
    }
    if (!(token instanceof String text)) {
      return Future.failedFuture(ApiException.invalidParam("token", "Param 'token' must be a string."));
    }
    if (text.isEmpty() || text.length() > MAX_TOKEN_LENGTH) {
      return Future.failedFuture(new ApiException(Status.INVALID_TOKEN));
    }
    return authenticator.authenticateToken(Auth.SESSION, text).map(caller -> {
      String assertion = callers.sign(caller);
      JsonObject data = new JsonObject().put("caller", caller.toJson()).put("assertion", assertion);
      data.put("expires_at", assertion == null ? null
          : Instant.ofEpochSecond(CallerAssertions.expiresOf(assertion)).toString());
      return ServiceReply.of(data);
    });
  }
}
