package io.eventgate.gateway.pipeline;

import io.vertx.core.buffer.Buffer;

/** The bytes of a request body, or the fact that it went past the limit (then the bytes are not kept). */
public record ReceivedBody(Buffer bytes, boolean tooLarge) {

  public static final ReceivedBody TOO_LARGE = new ReceivedBody(null, true);
}
