package io.eventgate.gateway.docs;

import io.eventgate.common.api.Status;
import io.eventgate.common.json.StrictJson;
import io.eventgate.gateway.registry.Auth;
import io.eventgate.gateway.registry.ParamSpec;
import io.eventgate.gateway.registry.RateLimits;
import io.eventgate.gateway.registry.RouteRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which statuses of the catalog a route can answer, and what each means there. Both the OpenAPI document and
 * the HTML page read this class, so the two can never disagree about a route. The rules follow the pipeline
 * stages of docs/API.md section 2, in their order. Texts are plain (no markup): each writer adds its own.
 * What the registry does not say (which actions send email or throttle, the body limit) comes from the
 * {@link DocsFacts} it is made with.
 */
final class StatusDocs {

  private final DocsFacts facts;

  /** One status a route can answer, with when it does so on that route. */
  record RouteStatus(Status status, String when) {
  }

  StatusDocs(DocsFacts facts) {
    this.facts = facts;
  }

  /** The statuses this route can answer, in the order the pipeline checks for them, success first. */
  List<RouteStatus> forRoute(DocumentedRoute documented) {
    RouteRecord route = documented.route();
    List<ParamSpec> params = route.params();
    List<Status> statuses = new ArrayList<>();
    statuses.add(Status.ACTION_SUCCESSFUL);
    // Stage 1 (identify) is left out: a documented route is deployed with a deployed service, so its
    // statuses describe a later change or outage of the registry, not this route. The catalog lists them.
    // Its rate limits are the route's own, though.
    RateLimits limits = route.rateLimits();
    boolean limitedBeforeAuth = limits.perAddress() != null || limits.perRoute() != null;
    if (limitedBeforeAuth) {
      statuses.add(Status.RATE_LIMITED);
    }
    if (route.auth() != Auth.NONE) {
      statuses.add(Status.INVALID_TOKEN);
      statuses.add(Status.SESSION_EXPIRED);
    }
    if (route.auth() == Auth.ROLE) {
      statuses.add(Status.CLIENT_REQUIRED);
    }
    if (!limitedBeforeAuth && (limits.perCaller() != null || facts.throttledActions().containsKey(action(route)))) {
      statuses.add(Status.RATE_LIMITED);
    }
    statuses.add(Status.REQUEST_TOO_LARGE);
    statuses.add(Status.INVALID_CONTENT_TYPE);
    // Even a route without params decodes its body, so malformed JSON is refused there too.
    statuses.add(Status.INVALID_ENCODED_PARAMS);
    // A route with no param specs accepts an empty body or {} (BodyReader skips the check).
    if (!params.isEmpty()) {
      statuses.add(Status.NO_PARAMS_DECODED);
    }
    if (params.stream().anyMatch(ParamSpec::required)) {
      statuses.add(Status.MISSING_PARAM);
    }
    // Services name a param when they refuse a value (an unknown record, wrong credentials), so a route
    // without params has nothing to answer invalid-param about.
    if (!params.isEmpty()) {
      statuses.add(Status.INVALID_PARAM);
    }
    statuses.add(Status.SERVICE_UNAVAILABLE);
    statuses.add(Status.SERVICE_TIMEOUT);
    statuses.add(Status.APPLICATION_CRASH);
    if (facts.emailSendingActions().contains(action(route))) {
      statuses.add(Status.MANDRILL_EMAIL_FAILED);
    }
    return statuses.stream().map(status -> new RouteStatus(status, when(status, documented))).toList();
  }

  private static String action(RouteRecord route) {
    return route.service() + ' ' + route.action();
  }

  /** {@link #forRoute} grouped by HTTP code, codes ascending, statuses in pipeline order within a code. */
  SortedMap<Integer, List<RouteStatus>> byHttpCode(DocumentedRoute documented) {
    return forRoute(documented).stream().collect(Collectors.groupingBy(
        routeStatus -> routeStatus.status().httpStatus(), TreeMap::new, Collectors.toList()));
  }

  /** When a status is answered on this route: the catalog's meaning, made specific where the route tells more. */
  String when(Status status, DocumentedRoute documented) {
    RouteRecord route = documented.route();
    return switch (status) {
      case MISSING_PARAM -> meaning(status) + " Required here: " + names(route.params(), true) + ".";
      case INVALID_PARAM -> meaning(status) + " Params here: " + names(route.params(), false) + ".";
      case INVALID_ENCODED_PARAMS -> route.sensitiveParams()
          ? "The body is not base64 (standard or URL-safe alphabet, padding optional) of one JSON object, or "
              + "that object is malformed: trailing data, a key given twice, nesting deeper than "
              + StrictJson.MAX_DEPTH + " levels, or bytes that are not UTF-8."
          : meaning(status);
      case SERVICE_TIMEOUT -> "The " + documented.service().name() + " service did not answer within "
          + documented.service().timeoutMs() + " ms; try again later.";
      case RATE_LIMITED -> rateLimitedWhen(documented);
      case SERVICE_UNAVAILABLE -> documented.service().circuitBreaker() == null ? meaning(status)
          : meaning(status) + " Also while the service's circuit breaker is open ("
              + documented.service().circuitBreaker().describe() + "), with Retry-After.";
      default -> meaning(status);
    };
  }

  private String rateLimitedWhen(DocumentedRoute documented) {
    String limits = documented.rateLimitText();
    String when = limits == null ? "" : "Over one of this route's rate limits: " + limits + " ";
    String serviceLimit = facts.throttledActions().get(action(documented.route()));
    if (serviceLimit != null) {
      when += serviceLimit + " ";
    }
    return when + "Retry-After says when to try again; RateLimit-Policy and RateLimit say which limit.";
  }

  /**
   * What a status means anywhere, after docs/API.md section 2. The switch has no default, so a status added
   * to the catalog does not compile until it is described here.
   */
  String meaning(Status status) {
    return switch (status) {
      case ACTION_SUCCESSFUL -> "The request succeeded; the action's result, if any, is under data.";
      case INVALID_TOKEN -> "No token, a malformed token, a bad signature, a disallowed algorithm, or a "
          + "session that was revoked (logged out) or does not exist.";
      case SESSION_EXPIRED -> "The session is older than 7 days or was unused for 72 hours (sessions created "
          + "with remember_me do not expire this way); log in again.";
      case CLIENT_REQUIRED -> "The session is valid, but its user has no client, employee or liaison record. "
          + "The envelope still carries session, so the caller can register with "
          + "POST /api/v1/users/client_register using the same token.";
      case MISSING_PARAM -> "A required param is absent, null or the empty string; param names it.";
      case INVALID_PARAM -> "A param has the wrong type, is too long, has a bad format or value, or names a "
          + "record that does not exist or that the caller may not see (the two are indistinguishable on "
          + "purpose); param names it.";
      case APPLICATION_CRASH -> "An unexpected internal error; the caller may retry later. Operators are "
          + "notified.";
      case MANDRILL_EMAIL_FAILED -> "The action's email could not be sent through Mandrill; what was saved "
          + "before sending is kept. Operators are notified.";
      case INVALID_CONTENT_TYPE -> "The Content-Type header is missing or is not application/json (any case, "
          + "no prefix matching), or it names a charset other than utf-8.";
      case ROUTE_NON_EXISTENT -> "No route exists for this method and path.";
      case NO_PARAMS_DECODED -> "The body was decoded but held no params: an empty body or {}.";
      case INVALID_ENCODED_PARAMS -> "The body could not be decoded: malformed JSON, trailing data after the "
          + "object, JSON that is not an object, a key given twice, nesting deeper than " + StrictJson.MAX_DEPTH
          + " levels, or bytes that are not UTF-8.";
      case ROUTE_NOT_FOUND -> "A route exists for this method and path, but it is not deployed.";
      case SERVICE_NOT_FOUND -> "The route is deployed, but its service is missing or not deployed.";
      case IDENTIFY_REQUEST_ERROR -> "An internal error happened before the route could be identified, for "
          + "example the registry could not be read; try again later.";
      case REQUEST_TOO_LARGE -> "The body is larger than this gateway accepts (" + size(facts.bodyLimitBytes())
          + ").";
      case SERVICE_UNAVAILABLE -> "The service is deployed, but no live instance of it answers; try again "
          + "later.";
      case SERVICE_TIMEOUT -> "The service did not answer within the route's timeout; try again later.";
      case RATE_LIMITED -> "The client's address, the route as a whole or the caller is over a rate limit of "
          + "the route; Retry-After says when to try again, RateLimit-Policy and RateLimit which limit.";
    };
  }

  /** The stage-1 statuses every request may meet whatever its route, as the docs' general note lists them. */
  static List<Status> identifyStatuses() {
    return List.of(Status.IDENTIFY_REQUEST_ERROR, Status.ROUTE_NON_EXISTENT, Status.ROUTE_NOT_FOUND,
        Status.SERVICE_NOT_FOUND);
  }

  /** {@code 65536} reads {@code 64 KiB}; a limit that is no whole number of KiB is given in bytes. */
  private static String size(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }

  private static String names(List<ParamSpec> params, boolean requiredOnly) {
    return params.stream().filter(spec -> !requiredOnly || spec.required()).map(ParamSpec::name)
        .collect(Collectors.joining(", "));
  }
}
