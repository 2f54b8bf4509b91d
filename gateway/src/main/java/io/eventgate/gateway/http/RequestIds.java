package io.eventgate.gateway.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id of docs/API.md section 1: a valid incoming {@code X-Request-Id} is kept, else one is made. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  /** The longest id kept. */
  public static final int MAX_LENGTH = 64;
  /** The characters a kept id is made of, in words (the API docs print them); {@link #PATTERN} in a regex. */
  public static final String CHARACTERS = "A-Z a-z 0-9 . _ -";
  /** The ids kept, as a regular expression the whole id must match. */
  public static final String PATTERN = "[A-Za-z0-9._-]{1," + MAX_LENGTH + "}";

  private static final Pattern VALID = Pattern.compile(PATTERN);

  private RequestIds() {
  }

  public static String fromHeader(String incoming) {
    if (incoming != null && VALID.matcher(incoming).matches()) {
      return incoming;
    }
    return UUID.randomUUID().toString();
  }
}
