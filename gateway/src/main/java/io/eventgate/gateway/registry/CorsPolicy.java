package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which web pages on other origins may call a route from a browser (docs/API.md section 4): the registry's
 * default policy, or a route's own, which replaces it whole. Origins are exact: an allowed origin is answered
 * with itself, never with whatever {@code Origin} a request sent; {@code *} stands alone and never with
 * credentials.
 */
public record CorsPolicy(List<String> allowedOrigins, List<String> allowedHeaders, int maxAgeSeconds,
                         boolean allowCredentials) {

  /** Any origin, without credentials: the one wildcard a policy may hold. */
  public static final String ANY_ORIGIN = "*";
  /** The request headers a page needs for this API: its token, its JSON body, its request and trace ids. */
  public static final List<String> DEFAULT_HEADERS =
      List.of("Authorization", "Content-Type", "X-Request-Id", "traceparent", "tracestate");
  public static final int DEFAULT_MAX_AGE_SECONDS = 600;
  public static final int MAX_AGE_LIMIT_SECONDS = 86_400;
  private static final int MAX_ORIGINS = 100;
  private static final int MAX_HEADERS = 50;
  /** No cross-origin page is allowed: a browser on another origin cannot read any answer. */
  public static final CorsPolicy NONE = new CorsPolicy(List.of(), DEFAULT_HEADERS, DEFAULT_MAX_AGE_SECONDS, false);

  private static final Set<String> FIELDS = Set.of("allowed_origins", "allowed_headers", "max_age_seconds",
      "allow_credentials");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

  public CorsPolicy {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedHeaders = List.copyOf(allowedHeaders);
  }

  /** Whether a page at {@code origin} (the request's {@code Origin}, exactly as sent) may read the answers. */
  public boolean allows(String origin) {
    return origin != null && (anyOrigin() || allowedOrigins.contains(origin));
  }

  /** Whether the policy is {@code ["*"]}: any origin, answered as {@code *}. */
  public boolean anyOrigin() {
    return allowedOrigins.size() == 1 && ANY_ORIGIN.equals(allowedOrigins.get(0));
  }

  /** Whether any origin at all is allowed: only then do answers vary by {@code Origin}. */
  public boolean any() {
    return !allowedOrigins.isEmpty();
  }

  /**
   * Reads a policy; {@code field} names it in a refusal ({@code cors}). A field left out takes its default:
   * no origins, {@link #DEFAULT_HEADERS}, {@link #DEFAULT_MAX_AGE_SECONDS}, no credentials.
   */
  public static CorsPolicy fromJson(String field, Object value) {
    if (!(value instanceof JsonObject json)) {
      throw new InvalidRecordException(field, field + " must be an object with allowed_origins, allowed_headers,"
          + " max_age_seconds and allow_credentials, each optional");
    }
    RegistryJson.onlyFields(field + ".", json, FIELDS);
    boolean credentials = flag(field + ".allow_credentials", json.getValue("allow_credentials"));
    List<String> origins = origins(field + ".allowed_origins", json.getValue("allowed_origins"), credentials);
    List<String> headers = json.getValue("allowed_headers") == null ? DEFAULT_HEADERS
        : headers(field + ".allowed_headers", json.getValue("allowed_headers"));
    Object maxAge = json.getValue("max_age_seconds") == null ? DEFAULT_MAX_AGE_SECONDS
        : json.getValue("max_age_seconds");
    if (!(maxAge instanceof Integer seconds) || seconds < 0 || seconds > MAX_AGE_LIMIT_SECONDS) {
      throw new InvalidRecordException(field + ".max_age_seconds", field + ".max_age_seconds must be an integer"
          + " from 0 to " + MAX_AGE_LIMIT_SECONDS);
    }
    return new CorsPolicy(origins, headers, seconds, credentials);
  }

  private static boolean flag(String field, Object value) {
    if (value != null && !(value instanceof Boolean)) {
      throw new InvalidRecordException(field, field + " must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  private static List<String> origins(String field, Object value, boolean credentials) {
    if (value == null) {
      return List.of();
    }
    List<String> items = strings(field, value, MAX_ORIGINS, "origins");
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String origin = items.get(i);
      String at = field + "[" + i + "]";
      if (ANY_ORIGIN.equals(origin)) {
        if (credentials) {
          throw new InvalidRecordException(at, "'*' cannot be allowed together with credentials: name each origin");
        }
        if (items.size() > 1) {
          throw new InvalidRecordException(at, "'*' allows every origin and must stand alone");
        }
      } else {
        checkOrigin(at, origin);
      }
      if (!seen.add(origin)) {
        throw new InvalidRecordException(at, "origin '" + origin + "' is listed twice");
      }
    }
    return items;
  }

  /**
   * An origin exactly as a browser sends it ({@code scheme://host[:port]}, lower case, no default port, no
   * path): any other spelling would never match and only mislead whoever reads the policy. {@code null}
   * (the origin of sandboxed frames and local files) is refused: allowing it would allow any such page.
   */
  private static void checkOrigin(String field, String origin) {
    String problem = " must be an origin as browsers send it: http or https, a lower-case host, a port only when"
        + " it is not the scheme's default, and nothing after it, e.g. https://app.example.com";
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      throw new InvalidRecordException(field, field + problem);
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null
        || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new InvalidRecordException(field, field + problem);
    }
    int port = uri.getPort();
    boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String canonical = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
    if (defaultPort || !canonical.equals(origin)) {
      throw new InvalidRecordException(field, field + problem);
    }
  }

  private static List<String> headers(String field, Object value) {
    List<String> items = strings(field, value, MAX_HEADERS, "header names");
    if (items.isEmpty()) {
      // A page cannot even send Content-Type: application/json then; no origins is the way to allow nothing.
      throw new InvalidRecordException(field, field + " must name at least one header");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String header = items.get(i);
      if (!HEADER_NAME.matcher(header).matches() || header.equals("*")) {
        throw new InvalidRecordException(field + "[" + i + "]", field + "[" + i + "] must be a header name"
            + " (at most 100 letters, digits and !#$%&'*+-.^_`|~; no wildcard)");
      }
      if (!seen.add(header.toLowerCase(Locale.ROOT))) {
        throw new InvalidRecordException(field + "[" + i + "]", "header '" + header + "' is listed twice");
      }
    }
    return items;
  }

  private static List<String> strings(String field, Object value, int max, String what) {
    if (!(value instanceof JsonArray array) || array.size() > max) {
      throw new InvalidRecordException(field, field + " must be a list of at most " + max + " " + what);
    }
    List<String> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String text) || text.length() > 200) {
        throw new InvalidRecordException(field + "[" + i + "]", field + "[" + i + "] must be a string of at most"
            + " 200 characters");
      }
      items.add(text);
    }
    return items;
  }

  public JsonObject toJson() {
    return new JsonObject().put("allowed_origins", new JsonArray(new ArrayList<>(allowedOrigins)))
        .put("allowed_headers", new JsonArray(new ArrayList<>(allowedHeaders))).put("max_age_seconds", maxAgeSeconds)
        .put("allow_credentials", allowCredentials);
  }
}
