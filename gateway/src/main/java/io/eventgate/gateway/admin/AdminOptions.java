package io.eventgate.gateway.admin;

import io.eventgate.common.config.Settings;

/**
 * Where the operator listener listens, the bearer token it requires, and when it closes an idle connection
 * (the main listener's {@code IDLE_TIMEOUT_SECONDS}: one rule for both).
 */
public record AdminOptions(String host, int port, String token, int idleTimeoutSeconds) {

  public static AdminOptions from(Settings settings) {
    String token = settings.string("ADMIN_TOKEN");
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("ADMIN_TOKEN must be set to at least 16 characters");
    }
    return new AdminOptions(settings.text("ADMIN_HOST"), settings.integer("ADMIN_PORT"), token,
        settings.integer("IDLE_TIMEOUT_SECONDS"));
  }

  @Override
  public String toString() {
    return "AdminOptions[" + host + ":" + port + "]";
  }
}
