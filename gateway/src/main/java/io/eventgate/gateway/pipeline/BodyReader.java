package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.http.ContentTypes;
import io.eventgate.gateway.http.JsonBodies;
import io.eventgate.gateway.registry.RouteRecord;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Stage 3: turns the received body into params, in the order of docs/API.md section 2 — size, content
 * type, decoding (base64 first on a {@code sensitive_params} route), then emptiness.
 */
public final class BodyReader {

  private BodyReader() {
  }

  public static JsonObject read(RouteRecord route, String contentType, ReceivedBody body) {
    if (body.tooLarge()) {
      throw new ApiException(Status.REQUEST_TOO_LARGE);
    }
    if (!ContentTypes.isJsonUtf8(contentType)) {
      throw new ApiException(Status.INVALID_CONTENT_TYPE);
    }
    byte[] bytes = body.bytes().getBytes();
    if (route.sensitiveParams()) {
      bytes = decodeBase64(bytes);
    }
    JsonObject params = JsonBodies.decodeJson(bytes);
    if (params.isEmpty() && !route.params().isEmpty()) {
      throw new ApiException(Status.NO_PARAMS_DECODED);
    }
    return params;
  }

  /** Standard or URL-safe alphabet, padding optional, surrounding whitespace ignored. */
  static byte[] decodeBase64(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw new ApiException(Status.INVALID_ENCODED_PARAMS, "The body must be base64 of a JSON object.");
    }
  }
}
