package io.eventgate.gateway.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Sends email. A failed send is a failed future holding an {@code ApiException} with status
 * {@code mandrill-email-failed} and the provider's answer as its operator detail.
 */
public interface Mailer {

  /** Email switched off: every send succeeds without sending anything. */
  Mailer DISABLED = email -> Future.succeededFuture();

  Future<Void> send(Email email);

  /** Mandrill when its URL is set, otherwise {@link #DISABLED}. */
  static Mailer from(Vertx vertx, MandrillOptions options) {
    return options.enabled() ? MandrillMailer.create(vertx, options) : DISABLED;
  }
}
