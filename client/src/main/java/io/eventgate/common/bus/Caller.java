package io.eventgate.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * Who is asking, as the gateway established it from the session: forwarded with every request so a service
 * can apply its own visibility rules. Every field may be {@code null} (a public route has no caller).
 */
public record Caller(String userId, String sessionId, String clientId, String employeeId, String liaisonId,
                     String businessId) {

  public static final Caller ANONYMOUS = new Caller(null, null, null, null, null, null);

  /** True when the user has at least one of the records that auth {@code role} asks for. */
  public boolean hasRole() {
    return clientId != null || employeeId != null || liaisonId != null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("user_id", userId)
        .put("session_id", sessionId)
        .put("client_id", clientId)
        .put("employee_id", employeeId)
        .put("liaison_id", liaisonId)
        .put("business_id", businessId);
  }

  public static Caller fromJson(JsonObject json) {
    if (json == null) {
      return ANONYMOUS;
    }
    return new Caller(json.getString("user_id"), json.getString("session_id"), json.getString("client_id"),
        json.getString("employee_id"), json.getString("liaison_id"), json.getString("business_id"));
  }
}
