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
    int limit = settings.integer("BODY_LIMIT_BYTES");
    if (limit < 1) {
      throw new IllegalArgumentException("BODY_LIMIT_BYTES must be positive");
    }
    return new GatewayOptions(settings.text("HTTP_HOST"), settings.integer("HTTP_PORT"),
        limit, settings.bool("ACCESS_LOG"), settings.integer("IDLE_TIMEOUT_SECONDS"),
        settings.integer("BODY_TIMEOUT_MS"), settings.bool("HTTP2_CLEARTEXT"),
        settings.string("TRUSTED_PROXIES"), settings.text("TRUSTED_PROXY_HEADER"));
  }
}
