package io.eventgate.gateway.email;

/** One plain-text email to one recipient. */
public record Email(String toEmail, String toName, String subject, String text) {
}
