package io.eventgate.gateway.users;

import io.eventgate.common.api.StorableText;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA512 through the JDK's own implementation, stored as
 * {@code pbkdf2-sha512$<iterations>$<salt>$<hash>} so the cost can grow without invalidating old hashes.
 * Slow on purpose: call it off the event loop.
 */
public final class PasswordHasher {

  /** OWASP's recommendation for PBKDF2-HMAC-SHA512. */
  public static final int ITERATIONS = 210_000;
  private static final String PREFIX = "pbkdf2-sha512";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {
  }

  /** Refuses a password that {@link #verify} could never match (see there). */
  public static String hash(String password) {
    if (!StorableText.isStorable(password)) {
      throw new IllegalArgumentException("a password must not hold U+0000 or an unpaired surrogate");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, ITERATIONS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * True when the password matches; false for a mismatch or a stored hash this class cannot read. A password
   * holding U+0000 or a lone surrogate never matches: PBKDF2 pads its key with zero bytes, so
   * {@code "secret\0"} derives the same hash as {@code "secret"}, and a lone surrogate becomes {@code ?}
   * in the key's bytes. It is still derived, so refusing it takes as long as a wrong password.
   */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      boolean matches = MessageDigest.isEqual(expected, derive(password, salt, iterations));
      return matches && StorableText.isStorable(password);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Prints a hash for the password given as the first argument: how the demo data's hash was made. */
  public static void main(String[] args) {
    System.out.println(hash(args[0]));
  }
}
