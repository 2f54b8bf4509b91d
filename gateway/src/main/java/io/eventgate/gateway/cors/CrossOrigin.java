package io.eventgate.gateway.cors;

import io.eventgate.gateway.http.EnvelopeWriter;
import io.eventgate.gateway.http.RequestIds;
import io.eventgate.gateway.ratelimit.RateLimitFields;
import io.eventgate.gateway.registry.CorsPolicy;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistryJson;
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
 * origin gets, on arrival, the headers that let the page read its answer, whatever the answer turns out to
 * be. An origin is only ever answered with the policy's own spelling of it, which equals what was sent.
 */
public final class CrossOrigin {

  /** What a page may read of an answer beyond the body: the ids, and when and why to come back. */
  static final String EXPOSED = String.join(", ", RequestIds.HEADER, "Retry-After",
      RateLimitFields.STATE, RateLimitFields.POLICY, EnvelopeWriter.TRACEPARENT);
  private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
  private static final String BUILT_IN_METHODS = "GET, HEAD, OPTIONS";

  /** What the access log and the metrics call an {@code OPTIONS} answer, with and without CORS headers. */
  public static final String PREFLIGHT_ANSWERED = "cors-preflight";
  public static final String OPTIONS_ANSWERED = "options";

  private final Registry registry;

  public CrossOrigin(Registry registry) {
    this.registry = registry;
  }

  /**
   * Puts the CORS headers on the response of an actual request, before any stage runs, so every answer
   * carries them. A request without one {@code Origin} (not from a browser page) costs one header lookup
   * and gets none: its answer, {@code no-store} like every envelope, is never cached for a page to reuse.
   */
  public void onRequest(HttpServerRequest request) {
    String origin = origin(request.headers());
    if (origin == null || !registry.loaded()) {
      return;
    }
    RegistrySnapshot snapshot = registry.snapshot();
    CorsPolicy policy = snapshot.cors(snapshot.route(request.method().name(), request.path()));
    HttpServerResponse response = request.response();
    if (policy.any() && !policy.anyOrigin()) {
      // The answer differs by Origin whether or not this one is allowed.
      response.headers().add(HttpHeaders.VARY, "Origin");
    }
    if (policy.allows(origin)) {
      allowOrigin(response, policy, origin);
      response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }
  }

  /**
   * Puts the headers of an {@code OPTIONS} answer on the response ({@code 204}, no body) and says which kind
   * it is. A preflight for a route record that exists, from an origin its policy allows, gets the CORS
   * headers; anything else gets none, so the browser refuses the call it asked about. Every {@code OPTIONS}
   * gets {@code Allow}: the methods the path answers.
   */
  public String preflight(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    String path = request.path();
    if (RegistryJson.RESERVED_PATHS.contains(path)) {
      response.putHeader(HttpHeaders.ALLOW, BUILT_IN_METHODS);
      return OPTIONS_ANSWERED;
    }
    if (!registry.loaded()) {
      response.putHeader(HttpHeaders.ALLOW, "OPTIONS");
      return OPTIONS_ANSWERED;
    }
    RegistrySnapshot snapshot = registry.snapshot();
    String methods = snapshot.methodsAt(path);
    response.putHeader(HttpHeaders.ALLOW, methods.isEmpty() ? "OPTIONS" : methods + ", OPTIONS");
    String origin = origin(request.headers());
    List<String> asked = request.headers().getAll(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
    if (origin == null || asked.size() != 1) {
      return OPTIONS_ANSWERED;
    }
    String method = asked.get(0);
    RouteRecord route = snapshot.route(method, path);
    CorsPolicy policy = snapshot.cors(route);
    if (policy.any()) {
      response.putHeader(HttpHeaders.VARY, PREFLIGHT_VARY);
    }
    if (route == null || !policy.allows(origin)) {
      return OPTIONS_ANSWERED;
    }
    allowOrigin(response, policy, origin);
    response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, method)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", policy.allowedHeaders()))
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Integer.toString(policy.maxAgeSeconds()));
    return PREFLIGHT_ANSWERED;
  }

  private static void allowOrigin(HttpServerResponse response, CorsPolicy policy, String origin) {
    response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, policy.anyOrigin() ? CorsPolicy.ANY_ORIGIN : origin);
    if (policy.allowCredentials()) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  /** The request's one {@code Origin}; none when it has none or several (a page sends exactly one). */
  private static String origin(MultiMap headers) {
    String origin = headers.get(HttpHeaders.ORIGIN);
    return origin == null || headers.getAll(HttpHeaders.ORIGIN).size() != 1 ? null : origin;
  }
}
