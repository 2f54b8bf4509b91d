package io.eventgate.gateway.http;

import java.util.Locale;

/**
 * The content-type rule of docs/API.md section 2: exactly {@code application/json} (any case, no prefix
 * matching), and if a {@code charset} is given it must be {@code utf-8}.
 */
public final class ContentTypes {

  private static final String JSON = "application/json";

  private ContentTypes() {
  }

  public static boolean isJsonUtf8(String header) {
    if (header == null) {
      return false;
    }
    if (header.equalsIgnoreCase(JSON)) {
      // What clients send nearly always, answered without splitting the header into parameters.
      return true;
    }
    String[] parts = header.split(";", -1);
    if (!parts[0].trim().equalsIgnoreCase(JSON)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq < 0) {
        if (parameter.isEmpty()) {
          continue;
        }
        return false;
      }
      String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(parameter.substring(eq + 1).trim());
      if (name.equals("charset") && !value.equalsIgnoreCase("utf-8")) {
        return false;
      }
    }
    return true;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
