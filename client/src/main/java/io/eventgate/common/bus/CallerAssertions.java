package io.eventgate.common.bus;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may name a caller on the event bus (docs/EVENTBUS.md section 7). A request that acts for somebody
 * carries, beside its {@code caller}, a {@value #HEADER} delivery header: that caller signed with the
 * cluster's caller key, and the moment the signature stops being good. Processes that hold the key — the
 * gateways, and internal callers the operator trusts to act for any user — sign; a service that holds it
 * refuses a caller that is not signed, badly signed, or signed too long ago with {@code invalid-token}.
 * A request for nobody (every id {@code null}) needs no signature: it may read nothing a stranger may not.
 *
 * <p>Without a key ({@link #open()}: separate processes on a developer's machine, nothing configured) every
 * caller is accepted, as before there were signatures. The all-in-one makes a key of its own at start, so
 * its services always check.
 *
 * <p>The header is {@code v1.<expires>.<signature>}: {@code expires} in seconds since the epoch, the
 * signature HMAC-SHA256 over {@code v1}, the address the request is sent to, {@code expires} and the six ids
 * (an absent one as nothing), one per line, in base64url without padding. An id is a UUID or nothing (checked
 * before), so the text signed names one caller, for one service.
 */
public final class CallerAssertions {

  /** The delivery header that carries the signed caller. */
  public static final String HEADER = "caller-assertion";
  /**
   * How long a signature is good for: long enough for a request to cross a cluster and wait in a queue,
   * short enough that a session logged out is honoured by the services within it (the gateway signs anew
   * for every request).
   */
  public static final int LIFETIME_SECONDS = 30;
  /** The clocks of two machines may differ this much either way. */
  static final int CLOCK_SKEW_SECONDS = 5;
  /** A key shorter than HMAC-SHA256's output would be the weak link. */
  public static final int MIN_KEY_BYTES = 32;
  private static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";
  /** Seconds since the epoch fit a long in 18 digits for the next thirty billion years. */
  private static final int MAX_EXPIRES_DIGITS = 18;
  /** v1, at most 18 digits, 43 characters of signature and two dots: anything longer is not one. */
  private static final int MAX_HEADER_LENGTH = 80;
  private static final CallerAssertions OPEN = new CallerAssertions(null);
  /**
   * The most headers {@link #recent} keeps: a second's worth of distinct callers at a busy gateway. Past it
   * the memo starts again empty; its entries are a second old at most anyway.
   */
  static final int RECENT_LIMIT = 4096;

  /** {@code null} when open. */
  private final SecretKeySpec key;
  /** A Mac is not thread-safe and costly to make; every event loop keeps its own. */
  private final ThreadLocal<Mac> macs;
  /**
   * Headers already computed, by everything they sign. Within a second a gateway signs the same caller for
   * the same service again (expires counts in seconds), and in one JVM the service then checks that very
   * header: an HMAC per request instead of one to sign and one to check each. Keyed by what was signed,
   * never by a header a sender wrote, so a sender cannot put anything in it that verifies.
   */
  private final Map<SignedText, String> recent;

  private CallerAssertions(byte[] key) {
    this.key = key == null ? null : new SecretKeySpec(key, ALGORITHM);
    this.macs = key == null ? null : ThreadLocal.withInitial(this::newMac);
    this.recent = key == null ? null : new ConcurrentHashMap<>();
  }

  /** What a header signs, besides the version. */
  private record SignedText(String address, Caller caller, long expires) {
  }

  /** Signs nothing and accepts every caller. */
  public static CallerAssertions open() {
    return OPEN;
  }

  /** Signs with {@code key} (its UTF-8 bytes) and accepts only callers signed with it. */
  public static CallerAssertions withKey(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the caller key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    return new CallerAssertions(bytes);
  }

  /** A key nobody else knows: for one JVM whose services and gateway share it. */
  public static CallerAssertions random() {
    return withKey(randomKey());
  }

  /** A key of {@link #MIN_KEY_BYTES} random bytes, as text (base64url). */
  public static String randomKey() {
    byte[] bytes = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether callers are checked (a key is set). */
  public boolean checks() {
    return key != null;
  }

  /**
   * The header for {@code caller} sent to {@code address}, good for {@link #LIFETIME_SECONDS} from now;
   * {@code null} when open or when the caller is nobody (no header needed).
   */
  public String sign(String address, Caller caller) {
    if (key == null || isNobody(caller)) {
      return null;
    }
    return sign(address, caller, System.currentTimeMillis() / 1000 + LIFETIME_SECONDS);
  }

  String sign(String address, Caller caller, long expires) {
    SignedText text = new SignedText(address, caller, expires);
    String header = recent.get(text);
    if (header == null) {
      header = VERSION + '.' + expires + '.'
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(address, caller, expires));
      if (recent.size() >= RECENT_LIMIT) {
        recent.clear();
      }
      recent.put(text, header);
    }
    return header;
  }

  /** When a header this class made stops being good, in seconds since the epoch. */
  public static long expiresOf(String assertion) {
    int start = VERSION.length() + 1;
    return Long.parseLong(assertion, start, assertion.indexOf('.', start), 10);
  }

  /** Whether a request to {@code address} for {@code caller} with {@code header} (or none) may be served. */
  public boolean accepts(String address, Caller caller, String header) {
    return key == null || isNobody(caller) || verifies(address, caller, header, System.currentTimeMillis() / 1000);
  }

  boolean verifies(String address, Caller caller, String header, long now) {
    if (header == null || header.length() > MAX_HEADER_LENGTH || !header.startsWith(VERSION + '.')) {
      return false;
    }
    int start = VERSION.length() + 1;
    int dot = header.indexOf('.', start);
    if (dot <= start || dot - start > MAX_EXPIRES_DIGITS || !digits(header, start, dot)) {
      return false;
    }
    long expires = Long.parseLong(header, start, dot, 10);
    // Expired, or good for longer than any signer makes them (a key holder's clock far ahead): refused.
    if (now > expires + CLOCK_SKEW_SECONDS || expires > now + LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
      return false;
    }
    // The whole header against the one the signer would have written: one spelling only (no leading zero, no
    // padding, no other base64 of the same bytes), compared in constant time so that how much of a guess
    // matched does not show in how long the refusal took.
    return MessageDigest.isEqual(header.getBytes(StandardCharsets.US_ASCII),
        sign(address, caller, expires).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The address is signed too: a signature a service received (every request a gateway forwards carries one)
   * cannot be sent on to another service, where the same caller might do more.
   */
  private byte[] signature(String address, Caller caller, long expires) {
    // Every part of the text is a field of SignedText: what is memoised is exactly what is signed.
    StringBuilder text = new StringBuilder(256).append(VERSION).append('\n').append(address).append('\n')
        .append(expires);
    for (String id : new String[] {caller.userId(), caller.sessionId(), caller.clientId(), caller.employeeId(),
        caller.liaisonId(), caller.businessId()}) {
      text.append('\n').append(id == null ? "" : id);
    }
    return macs.get().doFinal(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isNobody(Caller caller) {
    return caller == null || (caller.userId() == null && caller.sessionId() == null && caller.clientId() == null
        && caller.employeeId() == null && caller.liaisonId() == null && caller.businessId() == null);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }
}
