package io.eventgate.common.bus;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.api.StorableText;
import io.eventgate.common.api.Uuids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What every service may assume of a request before its handler runs, whoever sent it: an internal caller
 * on the event bus has not been through the gateway's validator, and a string or id it sends must not crash
 * a query. {@link ServiceConsumer} applies these rules to every message.
 */
final class ServiceRequestRules {

  private static final String[] CALLER_IDS =
      {"user_id", "session_id", "client_id", "employee_id", "liaison_id", "business_id"};

  private ServiceRequestRules() {
  }

  /** Throws the {@link ApiException} a request breaking a rule is answered with. */
  static void check(JsonObject body) {
    requireWellFormedCaller(body.getValue("caller"));
    if (body.getValue("params") instanceof JsonObject params) {
      requireStorableParams(params);
    }
  }

  /**
   * A param holding a string PostgreSQL cannot store (U+0000, a lone surrogate), at any depth, is
   * {@code invalid-param} naming the param, as the gateway's validator answers it.
   */
  private static void requireStorableParams(JsonObject params) {
    for (Map.Entry<String, Object> param : params) {
      if (!StorableText.isStorable(param.getKey()) || !storable(param.getValue())) {
        throw StorableText.refusal(StorableText.storable(param.getKey()));
      }
    }
  }

  /**
   * The caller's ids reach queries as UUIDs: an internal caller sending anything else (NUL included) is
   * answered {@code invalid-token}, since who is asking cannot be established, instead of crashing a handler.
   */
  private static void requireWellFormedCaller(Object caller) {
    if (caller == null) {
      return;
    }
    if (caller instanceof JsonObject ids) {
      boolean wellFormed = true;
      for (String field : CALLER_IDS) {
        Object id = ids.getValue(field);
        wellFormed &= id == null || (id instanceof String text && Uuids.isCanonical(text));
      }
      if (wellFormed) {
        return;
      }
    }
    throw new ApiException(Status.INVALID_TOKEN, "The caller's ids must each be a UUID or null.");
  }

  private static boolean storable(Object value) {
    if (value instanceof String text) {
      return StorableText.isStorable(text);
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (!StorableText.isStorable(entry.getKey()) || !storable(entry.getValue())) {
          return false;
        }
      }
    }
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (!storable(item)) {
          return false;
        }
      }
    }
    return true;
  }

}
