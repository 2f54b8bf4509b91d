package io.eventgate.gateway.docs;

import io.eventgate.gateway.registry.Auth;
import io.eventgate.gateway.registry.CorsPolicy;
import io.eventgate.gateway.registry.RateLimits;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.registry.ServiceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A route the docs describe: reachable now, with its service and an operation id unique in the document
 * (the HTML page uses it as the section's anchor). The texts both writers show about a route live here.
 */
record DocumentedRoute(RouteRecord route, ServiceRecord service, CorsPolicy cors, String operationId) {

  /** The route's description, or its service and action when the registry gives none. */
  String summary() {
    String description = route.description();
    return description == null || description.isBlank() ? route.service() + " · " + route.action() : description;
  }

  String authText() {
    return switch (route.auth()) {
      case NONE -> "Public: no token needed.";
      case SESSION -> "Needs a valid session: send its token as Authorization: Bearer <token>.";
      case ROLE -> "Needs a valid session whose user has a client, employee or liaison record: send its token "
          + "as Authorization: Bearer <token>.";
    };
  }

  /** Which pages on other origins may call the route from a browser, in words; null when none may. */
  String corsText() {
    if (!cors.any()) {
      return null;
    }
    String who = cors.allowedOrigins().contains(CorsPolicy.ANY_ORIGIN) ? "pages on any origin"
        : "pages on " + String.join(", ", cors.allowedOrigins());
    return "Browsers let " + who + " call this route" + (cors.allowCredentials() ? ", with credentials" : "")
        + "; they may send " + String.join(", ", cors.allowedHeaders()) + ".";
  }

  /** The route's rate limits in words, or null when it has none. */
  String rateLimitText() {
    RateLimits limits = route.rateLimits();
    if (limits.none()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (limits.perAddress() != null) {
      parts.add("per client address: " + limits.perAddress().describe());
    }
    if (limits.perRoute() != null) {
      parts.add("for the route as a whole: " + limits.perRoute().describe());
    }
    if (limits.perCaller() != null) {
      parts.add("per user: " + limits.perCaller().describe());
    }
    return String.join("; ", parts) + ".";
  }

  boolean needsToken() {
    return route.auth() != Auth.NONE;
  }

  /** A route with param specs refuses an empty body (no-params-decoded); one without accepts it. */
  boolean bodyRequired() {
    return !route.params().isEmpty();
  }

  String bodyText() {
    String object = route.params().isEmpty()
        ? "a JSON object; this route takes no params, so the body may be empty or {}"
        : "a JSON object of the params; params not listed are ignored and not forwarded";
    return route.sensitiveParams()
        ? "The body is base64 (standard or URL-safe alphabet, padding optional) of " + object
            + ". Send it as Content-Type: application/json."
        : "The body is " + object + ". Send it as Content-Type: application/json; charset=utf-8.";
  }
}
