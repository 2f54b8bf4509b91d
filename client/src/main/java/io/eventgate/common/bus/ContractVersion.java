package io.eventgate.common.bus;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * The version of the event-bus contract (docs/EVENTBUS.md, "Versions"): the one place its number is written.
 * {@link ServiceClient} sends it on every request as the delivery header {@value #HEADER}; {@link ServiceConsumer}
 * reads it before anything else, so a request written against a contract this service does not know is
 * refused instead of being read as if it were this one.
 *
 * <p>The rule for the header, one for every value a sender may put there: absent means {@link #CURRENT}
 * (callers written before the header existed keep working); otherwise it must be given once, and be exactly
 * the decimal digits of a version this code knows — no sign, no leading zero, no space, no fraction. Anything
 * else ({@code ""}, {@code 01}, {@code 1.0}, {@code 2}, non-ASCII digits, a second copy) is refused with
 * {@code invalid-encoded-params}: the service cannot read a message written to rules it does not have.
 */
public final class ContractVersion {

  /** The delivery header that carries the contract version of a request. */
  public static final String HEADER = "contract-version";
  /** The version this code sends and reads. A new version is a new number here and a section in the docs. */
  public static final int CURRENT = 1;

  private static final String CURRENT_TEXT = Integer.toString(CURRENT);
  /** Longer than this, a value is not shown at all in a log line: no version number is that long. */
  private static final int SHOWN_DIGITS = 9;

  private ContractVersion() {
  }

  /** The header's value as {@link ServiceClient} sends it. */
  public static String header() {
    return CURRENT_TEXT;
  }

  /** True when a request with these delivery headers is one this code can read. */
  public static boolean isKnown(MultiMap headers) {
    if (!headers.contains(HEADER)) {
      return true; // every request without the header: no list built for it
    }
    List<String> given = headers.getAll(HEADER);
    return given.size() == 1 && CURRENT_TEXT.equals(given.get(0));
  }

  /**
   * The answer to a request whose version this code does not know. It names the version this code reads,
   * never the value that was sent. Public for the consuming side ({@code ServiceConsumer}, in {@code common}).
   */
  public static ApiException refusal() {
    return new ApiException(Status.INVALID_ENCODED_PARAMS, "This service reads event-bus contract version "
        + CURRENT_TEXT + " only: send the header " + HEADER + ": " + CURRENT_TEXT + ", or none.");
  }

  /**
   * What a log line may say about the header's values: a version number as it is (plain ASCII digits, at most
   * {@value #SHOWN_DIGITS}), anything else only by its length. A sender's text never reaches a log line: it
   * may be 10 KB long, hold control characters, or characters that look like others.
   */
  public static String describe(MultiMap headers) {
    List<String> given = headers.getAll(HEADER);
    if (given.size() != 1) {
      return given.size() + " values";
    }
    String value = given.get(0);
    return isAsciiNumber(value) ? "'" + value + "'"
        : "a value of " + value.length() + " characters that is not a version number";
  }

  private static boolean isAsciiNumber(String value) {
    if (value.isEmpty() || value.length() > SHOWN_DIGITS) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
