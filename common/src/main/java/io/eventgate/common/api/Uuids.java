package io.eventgate.common.api;

/** The one uuid form the platform accepts (docs/API.md section 4): 8-4-4-4-12 hexadecimal, either case. */
public final class Uuids {

  private static final int LENGTH = 36;

  private Uuids() {
  }

  /**
   * Whether {@code text} is exactly 8-4-4-4-12 ASCII hex digits (either case) joined by hyphens. A plain loop
   * rather than a regex: this runs several times per request (caller ids, {@code _id}, token claims) and the
   * regex was a measurable share of the event loop. UuidsTest holds it equal to
   * {@code [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}.
   */
  public static boolean isCanonical(String text) {
    if (text == null || text.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : isAsciiHexDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  // Not Character.digit: that accepts other scripts' digits (U+0660) and fullwidth letters.
  private static boolean isAsciiHexDigit(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}
