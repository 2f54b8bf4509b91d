package io.eventgate.gateway.admin;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling the admin listener: the name of the credential the request was authorised with (written into
 * the registry's history as the author of a change) and what that credential may do.
 */
public record AdminCaller(String name, Role role) {

  /** The name of the credential {@code ADMIN_TOKEN} is: the first read-write one. */
  public static final String ADMIN_TOKEN_NAME = "admin";

  private static final String KEY = "eventgate.admin.caller";

  /** What a credential may do. */
  public enum Role {
    /** Sees everything the admin listener serves; changes nothing. */
    READ_ONLY("read-only"),
    /** Sees and changes. */
    READ_WRITE("read-write");

    private final String code;

    Role(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The caller of a request that passed authorisation. */
  static AdminCaller of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }
}
