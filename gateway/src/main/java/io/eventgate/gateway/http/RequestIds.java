package io.eventgate.gateway.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id of docs/API.md section 1: a valid incoming {@code X-Request-Id} is kept, else one is made. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {
  }

  public static String fromHeader(String incoming) {
    if (incoming != null && VALID.matcher(incoming).matches()) {
      return incoming;
    }
    return UUID.randomUUID().toString();
  }
}
