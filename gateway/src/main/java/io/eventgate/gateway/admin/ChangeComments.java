package io.eventgate.gateway.admin;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.api.StorableText;
import io.eventgate.gateway.http.SingleValueHeaders;
import io.eventgate.gateway.registry.RegistryChange;
import io.vertx.ext.web.RoutingContext;

/**
 * Names a change an admin request makes for the registry's history: its author is the caller's credential,
 * its comment the {@code X-Change-Comment} header or, on the endpoints whose body is not a record, the
 * body's {@code comment} field. A comment is stored and shown in the console: it is one line of printable
 * text, at most {@value #MAX_LENGTH} characters.
 */
final class ChangeComments {

  static final String HEADER = "X-Change-Comment";
  static final String FIELD = "comment";
  static final int MAX_LENGTH = 500;

  private ChangeComments() {
  }

  /** The change a record endpoint makes: the comment, if any, comes from the header. */
  static RegistryChange of(RoutingContext ctx) {
    return of(ctx, null);
  }

  /** The change a document endpoint makes: the body's {@code comment} field, else the header. */
  static RegistryChange of(RoutingContext ctx, Object bodyComment) {
    String header;
    try {
      header = SingleValueHeaders.get(ctx.request(), HEADER, Status.INVALID_PARAM);
    } catch (ApiException twice) {
      throw ApiException.invalidParam(HEADER, "Send the " + HEADER + " header once.");
    }
    Object given = bodyComment != null ? bodyComment : header;
    String param = bodyComment != null ? FIELD : HEADER;
    if (given != null && !(given instanceof String text && isComment(text, bodyComment == null))) {
      throw ApiException.invalidParam(param, "A change comment must be one line of at most " + MAX_LENGTH
          + " printable characters" + (bodyComment == null ? ", ASCII in the " + HEADER + " header" : "") + ".");
    }
    String comment = given == null || ((String) given).isBlank() ? null : ((String) given).strip();
    return new RegistryChange(AdminCaller.of(ctx).name(), comment);
  }

  /**
   * A header's bytes reach us as ISO-8859-1, so anything beyond ASCII there would be stored garbled: a header
   * comment is printable ASCII, a body comment any printable text.
   */
  private static boolean isComment(String text, boolean ascii) {
    if (text.length() > MAX_LENGTH || !StorableText.isStorable(text)) {
      return false; // StorableText: no lone surrogate (nor NUL), the rule every stored text follows
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || (ascii && c > '~')) {
        return false;
      }
    }
    return true;
  }
}
