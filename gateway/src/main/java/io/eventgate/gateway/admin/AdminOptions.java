package io.eventgate.gateway.admin;

import io.eventgate.common.config.Settings;

/** Where the operator listener listens and the bearer token it requires. */
public record AdminOptions(String host, int port, String token) {

  public static AdminOptions from(Settings settings) {
    String token = settings.string("ADMIN_TOKEN");
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("ADMIN_TOKEN must be set to at least 16 characters");
    }
    return new AdminOptions(settings.text("ADMIN_HOST"), settings.integer("ADMIN_PORT"), token);
  }

  @Override
  public String toString() {
    return "AdminOptions[" + host + ":" + port + "]";
  }
}
