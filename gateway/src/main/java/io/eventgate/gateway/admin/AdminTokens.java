package io.eventgate.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The tokens of named admin credentials: made here, shown once, and from then on known only by their SHA-256
 * (see V11__admin_credentials.sql for why a fast hash is the right one for random tokens).
 */
final class AdminTokens {

  /** Says what the string is to whoever finds one (in a config file, a secret scanner's report). */
  static final String PREFIX = "egt_";
  private static final int RANDOM_BYTES = 32;
  /** 32 bytes in unpadded base64url are 43 characters. */
  private static final Pattern FORM = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminTokens() {
  }

  /** A new token: 256 random bits, base64url, behind {@link #PREFIX}. */
  static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Whether {@code text} has the form of a token this gateway makes. Anything else is refused without a hash
   * or a query, so a huge or garbled header costs nothing and never reaches the database.
   */
  static boolean hasTokenForm(String text) {
    return text != null && text.length() == PREFIX.length() + 43 && FORM.matcher(text).matches();
  }

  /** The stored form of a token: its SHA-256 (of its UTF-8 bytes, so no two texts share one). */
  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
