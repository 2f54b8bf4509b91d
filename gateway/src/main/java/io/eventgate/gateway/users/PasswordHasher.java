package io.eventgate.gateway.users;

import io.eventgate.common.api.StorableText;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Salted PBKDF2-HMAC-SHA512 through vertx-auth-common's {@link HashingStrategy}: its {@code pbkdf2} algorithm
 * (the JDK's {@code PBKDF2WithHmacSHA512}, a 512-bit key) and its constant-time comparison. Stored as the PHC
 * string {@code $pbkdf2$it=<iterations>$<salt>$<hash>} (base64 without padding), so the cost can grow without
 * invalidating old hashes. Slow on purpose: call it off the event loop.
 *
 * <p>Hashes written before, {@code pbkdf2-sha512$<iterations>$<salt>$<hash>}, are the same derivation with
 * the same encodings, so they are re-expressed as that PHC string and verified by the library too.
 */
public final class PasswordHasher {

  /** OWASP's recommendation for PBKDF2-HMAC-SHA512. */
  public static final int ITERATIONS = 210_000;
  private static final String ALGORITHM = "pbkdf2";
  private static final String LEGACY_PREFIX = "pbkdf2-sha512$";
  private static final int SALT_BYTES = 16;
  /**
   * The only stored form handed to the library. It also knows unsalted SHA-1/256/512, which must never
   * verify a password here, and it silently falls back to 10,000 iterations when {@code it} is missing or not
   * an int: so the algorithm is pinned and the count is a positive int, spelled out.
   */
  private static final Pattern STORED =
      Pattern.compile("\\$pbkdf2\\$it=[1-9][0-9]{0,8}\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
  private static final HashingStrategy STRATEGY = HashingStrategy.load();
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
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
    return STRATEGY.hash(ALGORITHM, Map.of("it", Integer.toString(ITERATIONS)), BASE64.encodeToString(salt),
        password);
  }

  /**
   * True when the password matches; false for a mismatch or a stored hash this class cannot read. A password
   * holding U+0000 or a lone surrogate never matches: PBKDF2 pads its key with zero bytes, so
   * {@code "secret\0"} derives the same hash as {@code "secret"}, and a lone surrogate becomes {@code ?}
   * in the key's bytes. It is still derived, so refusing it takes as long as a wrong password.
   */
  public static boolean verify(String password, String stored) {
    String phc = stored != null && stored.startsWith(LEGACY_PREFIX) ? fromLegacy(stored) : stored;
    if (password == null || phc == null || !STORED.matcher(phc).matches()) {
      return false;
    }
    try {
      boolean matches = STRATEGY.verify(phc, password);
      return matches && StorableText.isStorable(password);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code pbkdf2-sha512$<iterations>$<salt>$<hash>} as the equivalent PHC string, or null when it is not one.
   * The parts are decoded and encoded again, so padding the old reader accepted is still accepted.
   */
  private static String fromLegacy(String stored) {
    String[] parts = stored.split("\\$", -1);
    if (parts.length != 4) {
      return null;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (iterations <= 0 || salt.length == 0 || hash.length == 0) {
        return null;
      }
      return "$" + ALGORITHM + "$it=" + iterations + "$" + BASE64.encodeToString(salt) + "$"
          + BASE64.encodeToString(hash);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Prints a hash for the password given as the first argument: how the demo data's hash was made. */
  public static void main(String[] args) {
    System.out.println(hash(args[0]));
  }
}
