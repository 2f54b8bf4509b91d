package io.eventgate.common.api;

import java.util.regex.Pattern;

/** The one uuid form the platform accepts (docs/API.md section 4): 8-4-4-4-12 hexadecimal, either case. */
public final class Uuids {

  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {
  }

  public static boolean isCanonical(String text) {
    return text != null && CANONICAL.matcher(text).matches();
  }
}
