package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * CORS (docs/API.md sections 3 and 4) on the whole system, with the headers browsers send: preflights
 * answered before authentication, actual answers a page can read (errors included), policies per route and
 * by default, and the admin API's rules for them. Each test uses routes of its own.
 */
class CorsTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final String APP = "https://app.example.com";
  private static final String OTHER = "https://evil.example.net";

  /** A fresh echo route with this auth and CORS policy (null: the default's); its path. */
  static String route(String auth, JsonObject cors, JsonObject limits) {
    String path = "/test/cors/" + UUID.randomUUID();
    JsonObject record = new JsonObject().put("service", "test-echo").put("action", "echo").put("auth", auth)
        .put("params", new JsonArray().add(new JsonObject().put("name", "name").put("type", "string")))
        .put("cors", cors);
    if (limits != null) {
      record.put("rate_limits", limits);
    }
    Answer put = SYSTEM.admin("PUT", "/admin/routes/POST" + path, record);
    assertThat(put.code()).as(put.toString()).isEqualTo(200);
    for (int i = 0; i < 100 && "route-non-existent".equals(post(path, null, null).status()); i++) {
      TestSystem.sleep(50);
    }
    return path;
  }

  private static JsonObject policy(String... origins) {
    return new JsonObject().put("allowed_origins", new JsonArray(List.of(origins)));
  }

  private static Answer preflight(String path, String origin, String method) {
    HttpRequest.Builder request = SYSTEM.request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      request.header("Origin", origin);
    }
    if (method != null) {
      request.header("Access-Control-Request-Method", method)
          .header("Access-Control-Request-Headers", "authorization,content-type");
    }
    return SYSTEM.send(request);
  }

  private static Answer post(String path, String origin, String token) {
    HttpRequest.Builder request = SYSTEM.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
    if (origin != null) {
      request.header("Origin", origin);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return SYSTEM.send(request);
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredBeforeAuthenticationWithTheRoutesPolicy() {
    String path = route("role", policy(APP).put("max_age_seconds", 120), null);
    Answer answer = preflight(path, APP, "POST");
    assertThat(answer.code()).isEqualTo(204);
    assertThat(answer.text()).isEmpty();
    assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("POST");
    assertThat(answer.header("Access-Control-Allow-Headers"))
        .isEqualTo("Authorization, Content-Type, X-Request-Id, traceparent, tracestate");
    assertThat(answer.header("Access-Control-Max-Age")).isEqualTo("120");
    assertThat(answer.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(answer.header("Vary")).contains("Origin");
    assertThat(answer.header("Allow")).isEqualTo("POST, OPTIONS");
    assertThat(answer.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void aPreflightFromAnOriginThePolicyDoesNotNameGetsNoCorsHeaders() {
    String path = route("none", policy(APP), null);
    for (String origin : List.of(OTHER, "https://app.example.com.evil.net", "http://app.example.com", "null",
        "https://APP.example.com", APP + "/")) {
      Answer answer = preflight(path, origin, "POST");
      assertThat(answer.code()).as(origin).isEqualTo(204);
      assertThat(answer.header("Access-Control-Allow-Origin")).as(origin).isNull();
      assertThat(answer.header("Access-Control-Allow-Methods")).as(origin).isNull();
    }
    // A preflight for a method with no route at the path is no preflight for a route.
    assertThat(preflight(path, APP, "DELETE").header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void optionsIsNeverAFiveHundredAndAPathWithoutARouteGetsNoCorsHeaders() {
    Answer unknown = preflight("/no/such/route/" + UUID.randomUUID(), APP, "POST");
    assertThat(unknown.code()).isEqualTo(204);
    assertThat(unknown.header("Access-Control-Allow-Origin")).isNull();
    assertThat(unknown.header("Allow")).isEqualTo("OPTIONS");
    // A plain OPTIONS (no Origin: a scanner, a curl) says what the path offers.
    Answer plain = preflight(TestSystem.READ, null, null);
    assertThat(plain.code()).isEqualTo(204);
    assertThat(plain.header("Allow")).isEqualTo("POST, OPTIONS");
    assertThat(preflight("/", APP, "GET").code()).isEqualTo(204);
    Answer builtIn = preflight("/api/docs", APP, "GET");
    assertThat(builtIn.code()).isEqualTo(204);
    assertThat(builtIn.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(builtIn.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void aPreflightSpendsNoRateLimit() {
    String path = route("none", policy(APP), new JsonObject()
        .put("per_route", new JsonObject().put("requests", 2).put("window_seconds", 3_600)));
    // route() spent one of the two while waiting for the route to be served.
    for (int i = 0; i < 5; i++) {
      assertThat(preflight(path, APP, "POST").header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }
    assertStatus(post(path, APP, null), 200, "action-successful");
  }

  @Test
  void everyAnswerToAnAllowedOriginCarriesTheHeadersThatLetThePageReadIt() {
    String path = route("session", policy(APP, "http://localhost:3000"), null);
    Answer refused = post(path, APP, null);
    assertStatus(refused, 401, "invalid-token");
    assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(refused.header("Vary")).isEqualTo("Origin");
    assertThat(refused.header("Access-Control-Expose-Headers"))
        .isEqualTo("X-Request-Id, Retry-After, RateLimit, RateLimit-Policy, traceparent");

    Answer served = post(path, "http://localhost:3000", SYSTEM.token(TestSystem.NORA));
    assertStatus(served, 200, "action-successful");
    assertThat(served.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");

    Answer other = post(path, OTHER, null);
    assertStatus(other, 401, "invalid-token");
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    assertThat(other.header("Access-Control-Expose-Headers")).isNull();
    assertThat(other.header("Vary")).isEqualTo("Origin");

    Answer noPage = post(path, null, null);
    assertThat(noPage.header("Access-Control-Allow-Origin")).isNull();
    assertThat(noPage.header("Vary")).isNull();
  }

  @Test
  void theWildcardIsAnsweredAsItselfAndCredentialsNameTheirOrigin() {
    String any = route("none", policy("*"), null);
    Answer answer = post(any, OTHER, null);
    assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(answer.header("Vary")).isNull();
    assertThat(preflight(any, OTHER, "POST").header("Access-Control-Allow-Origin")).isEqualTo("*");

    String credentialed = route("none", policy(APP).put("allow_credentials", true), null);
    Answer withCredentials = preflight(credentialed, APP, "POST");
    assertThat(withCredentials.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(withCredentials.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(post(credentialed, APP, null).header("Access-Control-Allow-Credentials")).isEqualTo("true");
  }

  @Test
  void theDefaultPolicyCoversRoutesWithoutTheirOwnAndPathsWithoutARoute() {
    String own = route("none", policy("https://own.example.com"), null);
    String inheriting = route("none", null, null);
    Answer before = SYSTEM.admin("GET", "/admin/defaults", null);
    assertThat(before.data().getJsonObject("defaults").getJsonObject("cors").getJsonArray("allowed_origins"))
        .isEmpty();
    try {
      Answer put = SYSTEM.admin("PUT", "/admin/defaults", new JsonObject().put("cors", policy(APP)));
      assertThat(put.code()).as(put.toString()).isEqualTo(200);
      for (int i = 0; i < 100 && preflight(inheriting, APP, "POST").header("Access-Control-Allow-Origin") == null;
          i++) {
        TestSystem.sleep(50);
      }
      assertThat(preflight(inheriting, APP, "POST").header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(post(inheriting, APP, null).header("Access-Control-Allow-Origin")).isEqualTo(APP);
      // A route's own policy replaces the default whole.
      assertThat(preflight(own, APP, "POST").header("Access-Control-Allow-Origin")).isNull();
      assertThat(preflight(own, "https://own.example.com", "POST").header("Access-Control-Allow-Origin"))
          .isEqualTo("https://own.example.com");
      // A page can read why a path it called does not exist.
      Answer missing = post("/no/such/route", APP, null);
      assertStatus(missing, 500, "route-non-existent");
      assertThat(missing.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(SYSTEM.admin("GET", "/admin/defaults", null).data().getJsonObject("defaults")
          .getJsonObject("cors").getJsonArray("allowed_origins")).containsExactly(APP);
    } finally {
      SYSTEM.admin("PUT", "/admin/defaults", new JsonObject().put("cors", policy()));
      for (int i = 0; i < 100 && preflight(inheriting, APP, "POST").header("Access-Control-Allow-Origin") != null;
          i++) {
        TestSystem.sleep(50);
      }
    }
  }

  @Test
  void theAdminApiRefusesPoliciesThatWouldMisleadOrExposeNamingTheField() {
    String path = "/test/cors/refused";
    List<Object[]> cases = List.of(
        new Object[] {policy("*").put("allow_credentials", true), "cors.allowed_origins[0]"},
        new Object[] {policy("*", APP), "cors.allowed_origins[0]"},
        new Object[] {policy("null"), "cors.allowed_origins[0]"},
        new Object[] {policy(APP + "/"), "cors.allowed_origins[0]"},
        new Object[] {policy(APP + "/path"), "cors.allowed_origins[0]"},
        new Object[] {policy("https://App.example.com"), "cors.allowed_origins[0]"},
        new Object[] {policy("https://app.example.com:443"), "cors.allowed_origins[0]"},
        new Object[] {policy("ftp://app.example.com"), "cors.allowed_origins[0]"},
        new Object[] {policy("https://user@app.example.com"), "cors.allowed_origins[0]"},
        new Object[] {policy("app.example.com"), "cors.allowed_origins[0]"},
        new Object[] {policy(APP, "https://a\u0000.example.com"), "cors.allowed_origins[1]"},
        new Object[] {policy(APP, APP), "cors.allowed_origins[1]"},
        new Object[] {new JsonObject().put("allowed_origins", APP), "cors.allowed_origins"},
        new Object[] {new JsonObject().put("allowed_origins", new JsonArray().add(7)), "cors.allowed_origins[0]"},
        new Object[] {policy(APP).put("allowed_headers", new JsonArray().add("X Bad")), "cors.allowed_headers[0]"},
        new Object[] {policy(APP).put("allowed_headers", new JsonArray().add("*")), "cors.allowed_headers[0]"},
        new Object[] {policy(APP).put("allowed_headers", new JsonArray()), "cors.allowed_headers"},
        new Object[] {policy(APP).put("allowed_headers", new JsonArray().add("A").add("a")),
            "cors.allowed_headers[1]"},
        new Object[] {policy(APP).put("max_age_seconds", -1), "cors.max_age_seconds"},
        new Object[] {policy(APP).put("max_age_seconds", 86_401), "cors.max_age_seconds"},
        new Object[] {policy(APP).put("max_age_seconds", "600"), "cors.max_age_seconds"},
        new Object[] {policy(APP).put("allow_credentials", "yes"), "cors.allow_credentials"},
        new Object[] {policy(APP).put("origins", new JsonArray()), "cors.origins"},
        new Object[] {new JsonObject().put("x", 1).put("allowed_origins", "x"), "cors.x"});
    for (Object[] c : cases) {
      JsonObject cors = (JsonObject) c[0];
      Answer answer = SYSTEM.admin("PUT", "/admin/routes/POST" + path, new JsonObject().put("service", "test-echo")
          .put("action", "echo").put("auth", "none").put("cors", cors));
      assertStatus(answer, 400, "invalid-param");
      assertThat(answer.param()).as(cors.encode()).isEqualTo(c[1]);
      Answer defaults = SYSTEM.admin("PUT", "/admin/defaults", new JsonObject().put("cors", cors));
      assertStatus(defaults, 400, "invalid-param");
      assertThat(defaults.param()).as(cors.encode()).isEqualTo(c[1]);
    }
    assertThat(SYSTEM.admin("GET", "/admin/routes/POST" + path, null).status()).isEqualTo("invalid-param");
    Answer unknown = SYSTEM.admin("PUT", "/admin/defaults", new JsonObject().put("rate_limits", new JsonObject()));
    assertStatus(unknown, 400, "invalid-param");
    assertThat(unknown.param()).isEqualTo("rate_limits");
    Answer notAnObject = SYSTEM.admin("PUT", "/admin/defaults", new JsonObject().put("cors", "https://a.example"));
    assertThat(notAnObject.param()).isEqualTo("cors");
  }

  @Test
  void theDocsShowARoutesPolicy() {
    String path = route("none", policy(APP), null);
    JsonObject docs = new JsonObject(SYSTEM.send(SYSTEM.request("/api/docs").GET()).text());
    JsonObject operation = docs.getJsonObject("paths").getJsonObject(path).getJsonObject("post");
    assertThat(operation.getJsonObject("x-eventgate-cors").getJsonArray("allowed_origins")).containsExactly(APP);
    assertThat(operation.getString("description")).contains("CORS: Browsers let pages on " + APP);
    String html = SYSTEM.send(SYSTEM.request("/api/docs.html").GET()).text();
    assertThat(html).contains("<dt>CORS</dt>");
  }

  @Test
  void anOptionsRequestKeepsItsConnectionAndABodySentWithItIsReadAsABodyNeverAsARequest() throws Exception {
    String path = route("none", policy(APP), null);
    String preflight = "OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: " + APP
        + "\r\nAccess-Control-Request-Method: POST\r\n";
    String post = "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 12\r\n\r\n{\"name\":\"x\"}";
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
      // A preflight, then a request on the same connection: both answered, the connection kept.
      RawHttpConnection.Received reply = http.send(preflight + "\r\n" + post).readUntilQuiet(500);
      assertThat(reply.text()).startsWith("HTTP/1.1 204 ");
      assertThat(reply.responses()).as(reply.text()).isEqualTo(2);
      assertThat(reply.hasStatus("action-successful")).as(reply.text()).isTrue();
      assertThat(reply.closed()).isFalse();
    }
    for (String framing : List.of("Content-Length: " + post.length() + "\r\n\r\n" + post,
        "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(post.length()) + "\r\n" + post + "\r\n0\r\n\r\n")) {
      try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
        // The request inside the body is thrown away with it; only the one after it runs.
        RawHttpConnection.Received reply = http.send(preflight + framing + post).readUntilQuiet(500);
        assertThat(reply.text()).as(framing).startsWith("HTTP/1.1 204 ");
        assertThat(reply.responses()).as(reply.text()).isEqualTo(2);
        assertThat(reply.closed()).isFalse();
      }
    }
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
      // A body only announced never comes: the answer ends the connection.
      RawHttpConnection.Received reply = http.send(preflight + "Expect: 100-continue\r\nContent-Length: 12\r\n\r\n")
          .readUntilQuiet(500);
      assertThat(reply.text()).startsWith("HTTP/1.1 204 ").doesNotContain("100 Continue");
      assertThat(reply.closed()).isTrue();
    }
    // Two Origin headers are no page's: no CORS headers.
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
      RawHttpConnection.Received reply = http.send("OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: " + APP
          + "\r\nOrigin: " + APP + "\r\nAccess-Control-Request-Method: POST\r\n\r\n").readUntilQuiet(500);
      assertThat(reply.text()).startsWith("HTTP/1.1 204 ").doesNotContainIgnoringCase("access-control-allow-origin");
      assertThat(reply.text()).containsIgnoringCase("allow: POST, OPTIONS");
    }
  }
}
