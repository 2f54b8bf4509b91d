package io.eventgate.gateway.pipeline;

import io.eventgate.common.config.Settings;

/**
 * Where the gateway listens, how much it accepts, how long it waits for slow clients, and whether it also
 * speaks cleartext HTTP/2 (prior knowledge and {@code Upgrade: h2c}); off unless asked for, since a gateway
 * behind a TLS-terminating proxy rarely needs it and every protocol spoken is one more to attack. Which
 * peers are proxies whose forwarding headers name the client is {@code trustedProxies} (see
 * {@code ClientAddresses}).
 */
public record GatewayOptions(String host, int port, int bodyLimitBytes, boolean accessLog, int idleTimeoutSeconds,
                             int bodyTimeoutMs, boolean http2Cleartext, String trustedProxies,
                             String trustedProxyHeader) {

  public static GatewayOptions from(Settings settings) {
    int limit = settings.integer("BODY_LIMIT_BYTES", 65_536);
    if (limit < 1) {
      throw new IllegalArgumentException("BODY_LIMIT_BYTES must be positive");
    }
    return new GatewayOptions(settings.string("HTTP_HOST", "127.0.0.1"), settings.integer("HTTP_PORT", 8080),
        limit, settings.bool("ACCESS_LOG", true), settings.integer("IDLE_TIMEOUT_SECONDS", 60),
        settings.integer("BODY_TIMEOUT_MS", 30_000), settings.bool("HTTP2_CLEARTEXT", false),
        settings.string("TRUSTED_PROXIES", ""), settings.string("TRUSTED_PROXY_HEADER", "X-Forwarded-For"));
  }
}
