package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.bus.SignedCallers;
import io.eventgate.gateway.registry.Auth;
import io.eventgate.gateway.registry.RegistryJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The users service's {@code session_caller} action (docs/EVENTBUS.md section 7; the client side is
 * {@link SignedCallers}): an internal caller acting
 * for a user hands over the user's session token and gets the caller it stands for, signed, to send to any
 * service. The token is judged exactly as the gateway judges {@code Authorization: Bearer} on a route with
 * auth {@code session}: a bad one is {@code invalid-token}, an expired session {@code session-expired}; and
 * like the gateway's, a good one counts as a use of the session (its idle time starts again). The signature
 * is for the one service address asked for, so it cannot be sent on elsewhere.
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
    JsonObject params = request.params();
    Object token = params.getValue("token");
    Object address = params.getValue("address");
    if (token == null) {
      return Future.failedFuture(ApiException.missingParam("token"));
    }
    if (!(token instanceof String text)) {
      return Future.failedFuture(ApiException.invalidParam("token", "Param 'token' must be a string."));
    }
    if (address == null || "".equals(address)) {
      return Future.failedFuture(ApiException.missingParam("address"));
    }
    if (!(address instanceof String service) || !isAddress(service)) {
      return Future.failedFuture(ApiException.invalidParam("address", "Param 'address' must be a service's"
          + " event-bus address: 1 to " + RegistryJson.MAX_ADDRESS_LENGTH + " characters, none of them a control character."));
    }
    // Trimmed as the gateway trims the value of Authorization: Bearer.
    String bearer = text.trim();
    if (bearer.isEmpty() || bearer.length() > MAX_TOKEN_LENGTH) {
      return Future.failedFuture(new ApiException(Status.INVALID_TOKEN));
    }
    return authenticator.authenticateToken(Auth.SESSION, bearer).map(caller -> {
      String assertion = callers.sign(service, caller);
      JsonObject data = new JsonObject().put("caller", caller.toJson()).put("assertion", assertion);
      data.put("expires_at", assertion == null ? null
          : Instant.ofEpochSecond(CallerAssertions.expiresOf(assertion)).toString());
      return ServiceReply.of(data);
    });
  }

  private static boolean isAddress(String address) {
    if (address.isEmpty() || address.length() > RegistryJson.MAX_ADDRESS_LENGTH) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      if (Character.isISOControl(address.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
