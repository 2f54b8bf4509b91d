package io.eventgate.common.logging;

/**
 * Escapes what a terminal or a log reader would act on instead of showing: the C0 controls (NUL, ESC,
 * backspace, CR, LF...), DEL and the C1 controls (U+0080-U+009F, e.g. CSI U+009B, NEL U+0085). Each becomes
 * {@code \}{@code u00XX}; a backslash becomes two, so a client who sends the six characters
 * {@code \}{@code u001b} cannot pass them off as an escaped ESC. Everything else is kept as it is.
 */
public final class ControlCharacters {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ControlCharacters() {
  }

  public static String escape(String text) {
    if (text == null || !needsEscaping(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    appendEscaped(out, text, 0, text.length());
    return out.toString();
  }

  /** Appends {@code text} (as {@code "null"} if null) to {@code out}, escaped: no string of its own. */
  public static void appendEscaped(StringBuilder out, String text) {
    if (text == null) {
      out.append("null");
    } else {
      appendEscaped(out, text, 0, text.length());
    }
  }

  /** Appends {@code text}'s characters from {@code from} to {@code to} (exclusive) to {@code out}, escaped. */
  public static void appendEscaped(StringBuilder out, String text, int from, int to) {
    int plain = from;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\\' || isControl(c)) {
        out.append(text, plain, i);
        if (c == '\\') {
          out.append("\\\\");
        } else {
          out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
        plain = i + 1;
      }
    }
    out.append(text, plain, to);
  }

  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }

  private static boolean needsEscaping(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || isControl(c)) {
        return true;
      }
    }
    return false;
  }
}
