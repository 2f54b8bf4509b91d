package io.eventgate.gateway.pipeline;

import io.eventgate.common.config.Settings;

/** Where the gateway listens and how much it accepts. */
public record GatewayOptions(String host, int port, int bodyLimitBytes, boolean accessLog) {

  public static GatewayOptions from(Settings settings) {
    int limit = settings.integer("BODY_LIMIT_BYTES", 65_536);
    if (limit < 1) {
      throw new IllegalArgumentException("BODY_LIMIT_BYTES must be positive");
    }
    return new GatewayOptions(settings.string("HTTP_HOST", "127.0.0.1"), settings.integer("HTTP_PORT", 8080),
        limit, settings.bool("ACCESS_LOG", true));
  }
}
