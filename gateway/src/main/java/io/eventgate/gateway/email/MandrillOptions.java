package io.eventgate.gateway.email;

import io.eventgate.common.config.Settings;

/**
 * The Mandrill API: {@code MANDRILL_URL} (null switches email off), {@code MANDRILL_KEY}, the sender
 * ({@code MANDRILL_FROM_EMAIL}, {@code MANDRILL_FROM_NAME}) and how long to wait ({@code MANDRILL_TIMEOUT_MS}).
 */
public record MandrillOptions(String url, String key, String fromEmail, String fromName, int timeoutMs) {

  public static MandrillOptions from(Settings settings) {
    return new MandrillOptions(settings.string("MANDRILL_URL"), settings.string("MANDRILL_KEY"),
        settings.text("MANDRILL_FROM_EMAIL"), settings.text("MANDRILL_FROM_NAME"),
        settings.integer("MANDRILL_TIMEOUT_MS"));
  }

  public boolean enabled() {
    return url != null;
  }
}
