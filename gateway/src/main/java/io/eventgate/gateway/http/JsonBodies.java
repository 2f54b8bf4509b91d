package io.eventgate.gateway.http;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.json.StrictJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/**
 * The strict JSON body of docs/API.md section 2, as both listeners read it: the gateway's stage 3
 * ({@code BodyReader}) and the admin API. Anything but one JSON object is {@code invalid-encoded-params}.
 */
public final class JsonBodies {

  private JsonBodies() {
  }

  /** An empty (or blank) body decodes to no params; anything else must be exactly one JSON object. */
  public static JsonObject decodeJson(byte[] bytes) {
    String text;
    Map<String, Object> object;
    try {
      text = StrictJson.utf8(bytes);
      if (text.isBlank()) {
        return new JsonObject();
      }
      object = StrictJson.parseObject(text);
    } catch (IOException e) {
      throw new ApiException(Status.INVALID_ENCODED_PARAMS);
    }
    if (object == null) {
      throw new ApiException(Status.INVALID_ENCODED_PARAMS, "The body must be a JSON object.");
    }
    return new JsonObject(object);
  }
}
