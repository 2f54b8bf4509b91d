package io.eventgate.gateway.http;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Headers that carry one value (RFC 9110 section 5.3): sent twice, a request is ambiguous — a proxy in front
 * may have read the other copy — so it is refused, never served as the first or the last.
 */
public final class SingleValueHeaders {

  private SingleValueHeaders() {
  }

  /** The header's one value, {@code null} when absent; sent more than once, the answer is {@code whenRepeated}. */
  public static String get(HttpServerRequest request, CharSequence name, Status whenRepeated) {
    List<String> values = request.headers().getAll(name);
    if (values.size() > 1) {
      throw new ApiException(whenRepeated, "Send the " + name + " header once.");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
