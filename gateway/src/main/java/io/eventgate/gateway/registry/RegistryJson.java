package io.eventgate.gateway.registry;

import io.eventgate.common.api.StorableText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The record rules of docs/API.md section 4 in one place: reads services and routes from JSON (the seed
 * file, the admin API), refusing what breaks a rule with an {@link InvalidRecordException} naming the field,
 * and writes them back as JSON.
 */
public final class RegistryJson {

  /** The longest event-bus address a service may have. */
  public static final int MAX_ADDRESS_LENGTH = 200;

  public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  /** The paths the main listener answers itself ({@code BuiltInEndpoints}), named once for it and for this rule. */
  public static final String HEALTH_LIVE = "/health/live";
  public static final String HEALTH_READY = "/health/ready";
  public static final String API_DOCS = "/api/docs";
  public static final String API_DOCS_HTML = "/api/docs.html";
  /** Paths the main listener answers itself; a route there would never be reached. */
  public static final Set<String> RESERVED_PATHS = Set.of(HEALTH_LIVE, HEALTH_READY, API_DOCS, API_DOCS_HTML);
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,199}");
  private static final Pattern DOT = Pattern.compile("%2[eE]");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final int MAX_TIMEOUT_MS = 600_000;
  private static final Set<String> SERVICE_FIELDS = Set.of("name", "address", "deployed", "timeout_ms", "description",
      CircuitBreakerPolicy.FIELD);
  private static final Set<String> ROUTE_FIELDS = Set.of("method", "path", "service", "action", "deployed", "auth",
      "sensitive_params", "params", "rate_limits", "cors", "description");

  private RegistryJson() {
  }

  /** True when {@code name} could name a service: a lookup of any other name needs no query. */
  public static boolean isServiceName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** True when {@code method} and {@code path} could name a route: a lookup of any other needs no query. */
  public static boolean isRouteKey(String method, String path) {
    return method != null && METHODS.contains(method) && path != null && PATH.matcher(path).matches()
        && !path.contains("//") && !hasDotSegment(path);
  }

  /**
   * True when a segment of {@code path} is {@code .} or {@code ..}, written plainly or percent-encoded: every
   * URL parser resolves them, so such a path names another one (a console link to the record, a proxy's view
   * of the request) and no client can reach it as written.
   */
  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      String decoded = DOT.matcher(segment).replaceAll(".");
      if (decoded.equals(".") || decoded.equals("..")) {
        return true;
      }
    }
    return false;
  }

  public static ServiceRecord service(String name, JsonObject json) {
    onlyFields("", json, SERVICE_FIELDS);
    if (!isServiceName(name)) {
      throw new InvalidRecordException("name", "name must be 1-100 letters, digits, '.', '_' or '-'");
    }
    if (json.containsKey("name") && !name.equals(json.getValue("name"))) {
      throw new InvalidRecordException("name", "name in the body differs from the one in the path");
    }
    String address = text(json, "address", true, MAX_ADDRESS_LENGTH);
    int timeoutMs = integer(json, "timeout_ms", 5_000);
    if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new InvalidRecordException("timeout_ms", "timeout_ms must be from 1 to " + MAX_TIMEOUT_MS);
    }
    CircuitBreakerPolicy breaker = CircuitBreakerPolicy.fromJson(json.getValue(CircuitBreakerPolicy.FIELD));
    if (breaker != null && breaker.openSeconds() * 1_000L < timeoutMs) {
      // Otherwise a request sent just before the breaker opened could still time out after it half-opened,
      // and count against the probe's turn: the breaker would open again without a probe.
      throw new InvalidRecordException(CircuitBreakerPolicy.FIELD + ".open_seconds", CircuitBreakerPolicy.FIELD
          + ".open_seconds must be at least the service's timeout_ms (" + timeoutMs + " ms)");
    }
    return new ServiceRecord(name, address, bool(json, "deployed", true), timeoutMs,
        textOr(json, "description", ""), breaker);
  }

  public static RouteRecord route(String method, String path, JsonObject json) {
    onlyFields("", json, ROUTE_FIELDS);
    if (method == null || !METHODS.contains(method)) {
      throw new InvalidRecordException("method", "method must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
    }
    if (!isRouteKey(method, path)) {
      throw new InvalidRecordException("path", "path must start with '/', have no query, spaces, '//' or '.'"
          + " and '..' segments, and be at most 200 characters");
    }
    if (RESERVED_PATHS.contains(path)) {
      throw new InvalidRecordException("path", path + " is answered by the gateway itself");
    }
    if ((json.containsKey("method") && !method.equals(json.getValue("method")))
        || (json.containsKey("path") && !path.equals(json.getValue("path")))) {
      throw new InvalidRecordException("path", "method and path in the body differ from those in the URL");
    }
    String service = text(json, "service", true, 100);
    if (!isServiceName(service)) {
      throw new InvalidRecordException("service", "service must name a service: 1-100 letters, digits, '.', '_'"
          + " or '-'");
    }
    String action = text(json, "action", true, 100);
    Object auth = json.getValue("auth");
    if (!(auth instanceof String authCode)) {
      throw new InvalidRecordException("auth", "auth must be none, session or role");
    }
    Object params = json.getValue("params", new JsonArray());
    if (!(params instanceof JsonArray array)) {
      throw new InvalidRecordException("params", "params must be a list of param specs");
    }
    Auth routeAuth = Auth.fromCode(authCode);
    return new RouteRecord(method, path, service, action, bool(json, "deployed", true), routeAuth,
        bool(json, "sensitive_params", false), RouteRecord.paramsFromJson(array),
        RateLimits.fromJson(json.getValue("rate_limits"), routeAuth), cors(json.getValue("cors")),
        textOr(json, "description", ""));
  }

  /** A route's own CORS policy, or {@code null} (absent or null) when the registry's default applies. */
  static CorsPolicy cors(Object value) {
    return value == null ? null : CorsPolicy.fromJson("cors", value);
  }

  public static JsonObject toJson(ServiceRecord service) {
    return new JsonObject().put("name", service.name()).put("address", service.address())
        .put("deployed", service.deployed()).put("timeout_ms", service.timeoutMs())
        .put("description", service.description())
        .put(CircuitBreakerPolicy.FIELD, service.circuitBreaker() == null ? null : service.circuitBreaker().toJson());
  }

  public static JsonObject toJson(RouteRecord route) {
    JsonArray params = new JsonArray();
    route.params().forEach(spec -> params.add(spec.toJson()));
    return new JsonObject().put("method", route.method()).put("path", route.path())
        .put("service", route.service()).put("action", route.action()).put("deployed", route.deployed())
        .put("auth", route.auth().code()).put("sensitive_params", route.sensitiveParams())
        .put("params", params).put("rate_limits", route.rateLimits().toJson())
        .put("cors", route.cors() == null ? null : route.cors().toJson())
        .put("description", route.description());
  }

  /**
   * Refuses a field of {@code json} that is not one of {@code fields}, named in full: {@code prefix} (the
   * path to the object, e.g. {@code "rate_limits.per_route."}, or {@code ""} for a record) and its name.
   */
  public static void onlyFields(String prefix, JsonObject json, Set<String> fields) {
    for (String field : json.fieldNames()) {
      if (!fields.contains(field)) {
        throw new InvalidRecordException(prefix + field, "unknown field '" + field + "'");
      }
    }
  }

  private static String text(JsonObject json, String field, boolean required, int maxLength) {
    Object value = json.getValue(field);
    if (!(value instanceof String text) || text.isBlank() || text.length() > maxLength) {
      throw new InvalidRecordException(field, field + " must be a non-empty string of at most " + maxLength
          + " characters");
    }
    return storable(field, text);
  }

  private static String textOr(JsonObject json, String field, String fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text) || text.length() > 1_000) {
      throw new InvalidRecordException(field, field + " must be a string of at most 1000 characters");
    }
    return storable(field, text);
  }

  /**
   * Every string of a record is stored in PostgreSQL and served back: one that cannot be stored
   * ({@link StorableText}) is refused here, for the seed file and the admin API alike.
   */
  static String storable(String field, String text) {
    if (!StorableText.isStorable(text)) {
      throw new InvalidRecordException(field, field + " must not hold U+0000 (NUL) or an unpaired surrogate");
    }
    return text;
  }

  private static boolean bool(JsonObject json, String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidRecordException(field, field + " must be true or false");
    }
    return b;
  }

  private static int integer(JsonObject json, String field, int fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer i)) {
      throw new InvalidRecordException(field, field + " must be an integer");
    }
    return i;
  }
}
