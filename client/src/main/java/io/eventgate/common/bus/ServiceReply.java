package io.eventgate.common.bus;

import io.eventgate.common.api.Status;
import io.vertx.core.json.JsonObject;

/**
 * A successful answer of a service: its {@code data} and, for actions that open a session, the session object.
 */
public record ServiceReply(JsonObject data, JsonObject session) {

  public static ServiceReply of(JsonObject data) {
    return new ServiceReply(data, null);
  }

  public static ServiceReply empty() {
    return new ServiceReply(null, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", Status.ACTION_SUCCESSFUL.code());
    if (data != null) {
      json.put("data", data);
    }
    if (session != null) {
      json.put("session", session);
    }
    return json;
  }

  public static ServiceReply fromJson(JsonObject json) {
    return new ServiceReply(json.getJsonObject("data"), json.getJsonObject("session"));
  }
}
