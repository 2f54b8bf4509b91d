package io.eventgate.gateway.registry;

/** What a route asks of its caller. */
public enum Auth {
  /** Public. */
  NONE,
  /** Any valid session. */
  SESSION,
  /** A valid session whose user has a client, employee or liaison record. */
  ROLE;

  public static Auth fromCode(String code) {
    for (Auth auth : values()) {
      if (auth.code().equals(code)) {
        return auth;
      }
    }
    throw new InvalidRecordException("auth", "auth must be none, session or role");
  }

  public String code() {
    return ParamSpec.lower(this);
  }
}
