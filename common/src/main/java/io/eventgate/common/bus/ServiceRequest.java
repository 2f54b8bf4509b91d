package io.eventgate.common.bus;

import io.vertx.core.json.JsonObject;

/** One request to a service over the event bus (CONTRACT.md section 6): an action, validated params, the caller. */
public record ServiceRequest(String action, JsonObject params, Caller caller, String requestId) {

  public JsonObject toJson() {
    return new JsonObject().put("action", action).put("params", params).put("caller", caller.toJson());
  }

  public static ServiceRequest fromJson(JsonObject body, String requestId) {
    JsonObject params = body.getJsonObject("params");
    return new ServiceRequest(body.getString("action"), params == null ? new JsonObject() : params,
        Caller.fromJson(body.getJsonObject("caller")), requestId);
  }
}
