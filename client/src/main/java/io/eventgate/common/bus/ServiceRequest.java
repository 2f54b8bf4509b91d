package io.eventgate.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * One request to a service over the event bus (docs/API.md section 7): an action, validated params, the
 * caller. {@code timeoutMs} is how long the sender waits for the answer, from the {@code timeout-ms} header,
 * or 0 when it did not say: a service may use it to drop work whose answer nobody would read.
 * {@code clientAddress}, from the {@code client-address} header, is the address of the HTTP client the
 * gateway forwards for (after its trusted-proxy rule), or null for an internal caller.
 */
public record ServiceRequest(String action, JsonObject params, Caller caller, String requestId, long timeoutMs,
                             String clientAddress) {

  /** A request to send: the timeout travels with the send itself (see {@link ServiceClient}). */
  public ServiceRequest(String action, JsonObject params, Caller caller, String requestId) {
    this(action, params, caller, requestId, 0, null);
  }

  /** A request the gateway forwards for an HTTP client at {@code clientAddress}. */
  public ServiceRequest(String action, JsonObject params, Caller caller, String requestId, String clientAddress) {
    this(action, params, caller, requestId, 0, clientAddress);
  }

  public JsonObject toJson() {
    return new JsonObject().put("action", action).put("params", params).put("caller", caller.toJson());
  }

  public static ServiceRequest fromJson(JsonObject body, String requestId, long timeoutMs, String clientAddress) {
    JsonObject params = body.getJsonObject("params");
    return new ServiceRequest(body.getString("action"), params == null ? new JsonObject() : params,
        Caller.fromJson(body.getJsonObject("caller")), requestId, timeoutMs, clientAddress);
  }
}
