package io.eventgate.common.api;

/**
 * The one definition of a string this API accepts and PostgreSQL can store: well-formed UTF-16 (no lone
 * surrogate, which would be written as {@code ?}) without U+0000 (which a PostgreSQL {@code text} value
 * cannot hold: the write fails). Every client-controlled string is checked with it before any query sees it.
 */
public final class StorableText {

  /** What an unstorable character becomes where a string is kept anyway (operator notifications). */
  private static final char REPLACEMENT = '\uFFFD';

  private StorableText() {
  }

  /** {@code invalid-param} on {@code param} for a string that is not storable: the one wording of the refusal. */
  public static ApiException refusal(String param) {
    return ApiException.invalidParam(param, "Param '" + param
        + "' must not hold U+0000 (NUL) or an unpaired surrogate.");
  }

  /** Throws {@link #refusal} when {@code text} is not storable; returns it otherwise. */
  public static String require(String param, String text) {
    if (!isStorable(text)) {
      throw refusal(param);
    }
    return text;
  }

  public static boolean isStorable(String text) {
    return text == null || firstUnstorable(text) < 0;
  }

  /** {@code text} with each NUL and lone surrogate replaced by U+FFFD, for text kept whatever it holds. */
  public static String storable(String text) {
    if (text == null || firstUnstorable(text) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isPairAt(text, i)) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(c == '\0' || Character.isSurrogate(c) ? REPLACEMENT : c);
      }
    }
    return out.toString();
  }

  /** The index of the first NUL or lone surrogate, or -1. */
  private static int firstUnstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isPairAt(text, i)) {
        i++;
      } else if (c == '\0' || Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isPairAt(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }
}
