package io.eventgate.testkit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * The few requests tests and the benchmark send a gateway (or anything in front of one): log in, read an
 * appointment, POST JSON with or without a token. Every answer comes back whole as an {@link Answer}, whatever
 * its code; a connection error or a timeout is thrown as the {@link IOException} the JDK's client raises, so a
 * caller can tell "no answer" from "an answer".
 */
public final class GatewayClient {

  public static final String LOGIN = "/api/v1/users/login";
  public static final String READ = "/api/v1/appointments/read";

  /** One connection pool for every client: HTTP/1.1, as the gateway's main listener speaks by default. */
  private static final HttpClient SHARED = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final String baseUrl;
  private final HttpClient http;
  private final Duration timeout;
  private final UnaryOperator<HttpRequest> beforeSend;

  /** Requests to {@code baseUrl} (scheme, host and port), each given up after 20 s. */
  public GatewayClient(String baseUrl) {
    this(baseUrl, TIMEOUT);
  }

  public GatewayClient(String baseUrl, Duration timeout) {
    this(baseUrl, SHARED, timeout, UnaryOperator.identity());
  }

  /** {@code beforeSend} sees each request as built, and may return another (a header added, for instance). */
  public GatewayClient(String baseUrl, HttpClient http, Duration timeout, UnaryOperator<HttpRequest> beforeSend) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.timeout = timeout;
    this.beforeSend = beforeSend;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** A request to {@code path} under the base URL, for what the methods below do not cover. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path));
  }

  public Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpRequest built = beforeSend.apply(request.timeout(timeout).build());
    HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.headers(), response.body());
  }

  /** POST with raw bytes; {@code contentType} and {@code token} may be null to send none. */
  public Answer post(String path, String contentType, byte[] body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  /** POST of a JSON text; {@code token} may be null to send none. */
  public Answer post(String path, String json, String token) throws IOException, InterruptedException {
    return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), token);
  }

  public Answer post(String path, JsonObject body, String token) throws IOException, InterruptedException {
    return post(path, body.encode(), token);
  }

  /** POST to a {@code sensitive_params} route: the body is base64 of the JSON object. */
  public Answer postSensitive(String path, JsonObject body, String token) throws IOException, InterruptedException {
    return post(path, sensitive(body), token);
  }

  /** The body of a {@code sensitive_params} route: base64 of the JSON object. */
  public static String sensitive(JsonObject body) {
    return Base64.getEncoder().encodeToString(body.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads appointment {@code id}; {@code view} null for the default one, sent as no {@code view} at all. */
  public Answer read(String token, String id, String view) throws IOException, InterruptedException {
    JsonObject body = new JsonObject().put("_id", id);
    if (view != null) {
      body.put("view", view);
    }
    return post(READ, body, token);
  }

  /** Logs in; {@code rememberMe} null sends no {@code remember_me} at all. */
  public Answer login(String email, String password, Boolean rememberMe) throws IOException, InterruptedException {
    JsonObject body = new JsonObject().put("email", email).put("password", password);
    if (rememberMe != null) {
      body.put("remember_me", rememberMe);
    }
    return postSensitive(LOGIN, body, null);
  }

  /** Logs in and returns the new session's token; fails unless the login succeeds. */
  public String token(String email, String password, Boolean rememberMe) throws IOException, InterruptedException {
    Answer answer = login(email, password, rememberMe);
    if (answer.code() != 200) {
      throw new IllegalStateException("login of " + email + " failed: " + answer);
    }
    return answer.json().getJsonObject("session").getString("token");
  }
}
