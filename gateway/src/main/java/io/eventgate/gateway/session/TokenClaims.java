package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** The claims the gateway relies on; {@code expiresAt} is epoch seconds, or {@code null} when absent. */
public record TokenClaims(UUID sessionId, String userId, Long expiresAt) {

  static TokenClaims from(JsonObject principal) {
    try {
      UUID sessionId = UUID.fromString(principal.getString("sid"));
      String userId = principal.getString("sub");
      if (userId == null) {
        throw new ApiException(Status.INVALID_TOKEN);
      }
      Object exp = principal.getValue("exp");
      return new TokenClaims(sessionId, userId, exp instanceof Number n ? n.longValue() : null);
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw new ApiException(Status.INVALID_TOKEN);
    }
  }
}
