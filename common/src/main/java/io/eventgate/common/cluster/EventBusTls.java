package io.eventgate.common.cluster;

import io.eventgate.common.config.Settings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.regex.Pattern;

/**
 * Mutual TLS on the event bus's own connections ({@code EVENTBUS_TLS}): every member presents the certificate
 * {@code EVENTBUS_TLS_CERT} with its key {@code EVENTBUS_TLS_KEY}, and accepts a connection, in either direction,
 * only from a peer whose certificate the cluster's CA ({@code EVENTBUS_TLS_CA}) signed. A process without such a
 * certificate can then neither send to nor receive from the members, even after it joined the Hazelcast
 * membership, which Hazelcast's open-source edition cannot close (docs/CLUSTER.md, "A closed cluster").
 *
 * <p>Only the chain is verified, not the peer's name: Vert.x's clustered event bus turns hostname verification
 * off for its connections, and the address it would check is the one the peer advertised in that same
 * unauthenticated membership. A certificate signed by the cluster's CA is what makes a member.
 */
final class EventBusTls {

  private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----");
  /** PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}): what Vert.x reads. */
  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN (RSA |EC )?PRIVATE KEY-----");

  private EventBusTls() {
  }

  /**
   * Turns mutual TLS on for {@code options} when {@code EVENTBUS_TLS} says so. Throws
   * {@link IllegalArgumentException} (the launcher's one line and exit code 2) when a file is missing,
   * unreadable or not PEM; its message names the setting and the path, never the file's content.
   */
  static void configure(EventBusOptions options, Settings settings) {
    if (!settings.bool("EVENTBUS_TLS")) {
      return;
    }
    Buffer certificate = pem(settings, "EVENTBUS_TLS_CERT", CERTIFICATE, "a certificate");
    Buffer key = pem(settings, "EVENTBUS_TLS_KEY", PRIVATE_KEY, "a private key");
    Buffer authority = pem(settings, "EVENTBUS_TLS_CA", CERTIFICATE, "a certificate");
    parses(certificate, "EVENTBUS_TLS_CERT", settings);
    parses(authority, "EVENTBUS_TLS_CA", settings);
    options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().addCertValue(certificate).addKeyValue(key))
        .setTrustOptions(new PemTrustOptions().addCertValue(authority))
        // The event bus's client trusts every server unless told otherwise: a member must prove itself both ways.
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED);
  }

  private static Buffer pem(Settings settings, String key, Pattern marker, String what) {
    String path = settings.string(key);
    if (path == null) {
      throw new IllegalArgumentException(key + " must be set when EVENTBUS_TLS is on");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(path));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(key + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
    if (!marker.matcher(new String(bytes, StandardCharsets.US_ASCII)).find()) {
      throw new IllegalArgumentException(key + ": " + path + " is not " + what + " in PEM");
    }
    return Buffer.buffer(bytes);
  }

  /** A certificate that only looks like PEM would otherwise fail deep inside Vert.x, with a stack trace. */
  private static void parses(Buffer pem, String key, Settings settings) {
    try {
      CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes()));
    } catch (CertificateException e) {
      throw new IllegalArgumentException(key + ": " + settings.string(key) + " is not a readable PEM certificate");
    }
  }
}
