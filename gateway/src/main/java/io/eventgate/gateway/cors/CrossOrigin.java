package io.eventgate.gateway.cors;

import io.eventgate.gateway.registry.CorsPolicy;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistrySnapshot;
import io.eventgate.gateway.registry.RouteRecord;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * CORS on the main listener (docs/API.md section 3), from the policies of the registry. A preflight
 * ({@code OPTIONS}) is answered before anything else, with no envelope; an actual request from an allowed
 * origin gets the headers that let the page read its answer, whatever the answer is. An origin is only ever
 * answered with the policy's own spelling of it, which equals what was sent.
 */
public final class CrossOrigin {

  static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
  static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
  static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
  static final String MAX_AGE = "Access-Control-Max-Age";
  static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  static final String REQUEST_METHOD = "Access-Control-Request-Method";
  /** What a page may read of an answer beyond the body: the ids, and when to come back after a refusal. */
  static final String EXPOSED = "X-Request-Id, Retry-After, RateLimit, RateLimit-Policy, traceparent";
  private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

  /** What the access log and the metrics call an {@code OPTIONS} answer, with and without CORS headers. */
  public static final String PREFLIGHT = "cors-preflight";
  public static final String OPTIONS = "options";

  private final Registry registry;

  public CrossOrigin(Registry registry) {
    this.registry = registry;
  }

  /**
   * The policy an actual request's answer follows, or {@code null} when it needs no CORS headers: it comes
   * from no page (no single {@code Origin}), or the registry is not loaded yet.
   */
  public Match match(HttpServerRequest request) {
    String origin = origin(request.headers());
    if (origin == null || !registry.loaded()) {
      return null;
    }
    RegistrySnapshot snapshot = registry.snapshot();
    CorsPolicy policy = snapshot.cors(snapshot.route(request.method().name(), request.path()));
    return policy.any() ? new Match(policy, origin) : null;
  }

  /**
   * Puts the headers of an {@code OPTIONS} answer on the response ({@code 204}, no body) and says which kind
   * it is. A preflight for a route record that exists, from an origin its policy allows, gets the CORS
   * headers; anything else gets none, so the browser refuses the call it asked about. Every {@code OPTIONS}
   * gets {@code Allow}: the methods with a route at the path.
   */
  public String preflight(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (!registry.loaded()) {
      response.putHeader(HttpHeaders.ALLOW, "OPTIONS");
      return OPTIONS;
    }
    RegistrySnapshot snapshot = registry.snapshot();
    String methods = snapshot.methodsAt(request.path());
    response.putHeader(HttpHeaders.ALLOW, methods.isEmpty() ? "OPTIONS" : methods + ", OPTIONS");
    String origin = origin(request.headers());
    List<String> requested = request.headers().getAll(REQUEST_METHOD);
    if (origin == null || requested.size() != 1) {
      return OPTIONS;
    }
    String method = requested.get(0);
    RouteRecord route = snapshot.route(method, request.path());
    CorsPolicy policy = snapshot.cors(route);
    if (policy.any()) {
      response.putHeader(HttpHeaders.VARY, PREFLIGHT_VARY);
    }
    if (route == null || !policy.allows(origin)) {
      return OPTIONS;
    }
    allowOrigin(response, policy, origin);
    response.putHeader(ALLOW_METHODS, method)
        .putHeader(ALLOW_HEADERS, String.join(", ", policy.allowedHeaders()))
        .putHeader(MAX_AGE, Integer.toString(policy.maxAgeSeconds()));
    return PREFLIGHT;
  }

  /** The CORS headers of an actual request's answer, whatever its status: {@code Vary} always, the rest if allowed. */
  public static void onAnswer(HttpServerResponse response, Match match) {
    if (!match.policy().allowedOrigins().contains(CorsPolicy.ANY_ORIGIN)) {
      response.putHeader(HttpHeaders.VARY, "Origin");
    }
    if (match.policy().allows(match.origin())) {
      allowOrigin(response, match.policy(), match.origin());
      response.putHeader(EXPOSE_HEADERS, EXPOSED);
    }
  }

  private static void allowOrigin(HttpServerResponse response, CorsPolicy policy, String origin) {
    boolean any = policy.allowedOrigins().contains(CorsPolicy.ANY_ORIGIN);
    response.putHeader(ALLOW_ORIGIN, any ? CorsPolicy.ANY_ORIGIN : origin);
    if (policy.allowCredentials()) {
      response.putHeader(ALLOW_CREDENTIALS, "true");
    }
  }

  /** The request's one {@code Origin}; none when it has none or several (a page sends exactly one). */
  private static String origin(MultiMap headers) {
    String origin = headers.get(HttpHeaders.ORIGIN);
    return origin == null || headers.getAll(HttpHeaders.ORIGIN).size() != 1 ? null : origin;
  }

  /** The policy an answer follows and the origin it answers. */
  public record Match(CorsPolicy policy, String origin) {
  }
}
