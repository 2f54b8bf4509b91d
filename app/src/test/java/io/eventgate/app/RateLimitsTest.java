package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rate limits of the registry (docs/API.md sections 2 and 4) on the whole system: each kind of limit, where
 * it sits in the order of checks, the headers of its answers, the admin API's rules for it, and the limit on
 * failed logins. Each test uses routes and client addresses of its own, so buckets never carry over.
 */
class RateLimitsTest {

  private static final TestSystem SYSTEM = TestSystem.get();

  /** A fresh echo route with these limits and auth; its path. */
  private static String route(String auth, JsonObject limits) {
    String path = "/test/limited/" + UUID.randomUUID();
    Answer put = SYSTEM.admin("PUT", "/admin/routes/POST" + path, new JsonObject()
        .put("service", "test-echo").put("action", "echo").put("auth", auth)
        .put("params", new JsonArray().add(new JsonObject().put("name", "name").put("type", "string")))
        .put("rate_limits", limits));
    assertThat(put.code()).as(put.toString()).isEqualTo(200);
    awaitRoute(path);
    return path;
  }

  /** Waits until the gateway serves the new route (the registry reloads on a notification). */
  private static void awaitRoute(String path) {
    for (int i = 0; i < 100; i++) {
      if (!"route-non-existent".equals(post(path, TestSystem.someClient(), null).status())) {
        return;
      }
      TestSystem.sleep(50);
    }
    throw new AssertionError(path + " was never served");
  }

  private static Answer post(String path, String client, String token) {
    var request = SYSTEM.request(path).header("Content-Type", "application/json")
        .header(TestSystem.FORWARDED_FOR, client)
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return SYSTEM.send(request);
  }

  private static JsonObject limit(int requests, int windowSeconds) {
    return new JsonObject().put("requests", requests).put("window_seconds", windowSeconds);
  }

  @Test
  void aClientOverItsAddressLimitIsRefusedWithTheHeadersThatSayWhenAndWhich() {
    String path = route("none", new JsonObject().put("per_address", limit(3, 60)));
    String client = TestSystem.someClient();
    for (int left = 2; left >= 0; left--) {
      Answer answer = post(path, client, null);
      assertStatus(answer, 200, "action-successful");
      assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"address\";q=3;w=60");
      assertThat(answer.header("RateLimit")).startsWith("\"address\";r=" + left + ";t=");
    }
    Answer refused = post(path, client, null);
    assertStatus(refused, 429, "rate-limited");
    assertThat(refused.json().getString("message")).contains("Too many requests from this address");
    // One token comes back every 20 s.
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
    assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"address\";q=3;w=60");
    assertThat(refused.header("RateLimit")).isEqualTo("\"address\";r=0;t=" + refused.header("Retry-After"));

    assertStatus(post(path, TestSystem.someClient(), null), 200, "action-successful");
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    String path = route("none", new JsonObject().put("per_address", limit(2, 60)));
    assertStatus(post(path, "2001:db8:77:1::1", null), 200, "action-successful");
    assertStatus(post(path, "2001:db8:77:1:ffff::2", null), 200, "action-successful");
    assertStatus(post(path, "[2001:db8:77:1::3]:4711", null), 429, "rate-limited");
    assertStatus(post(path, "2001:db8:77:2::1", null), 200, "action-successful");
  }

  @Test
  void addressAndRouteLimitsComeBeforeAuthentication() {
    String path = route("session", new JsonObject().put("per_address", limit(2, 60)));
    String client = TestSystem.someClient();
    Answer first = post(path, client, null);
    assertStatus(first, 401, "invalid-token");
    assertThat(first.header("RateLimit")).startsWith("\"address\";r=1;");
    assertStatus(post(path, client, "not-a-token"), 401, "invalid-token");
    // A flood of bad tokens is limited too.
    assertStatus(post(path, client, "not-a-token"), 429, "rate-limited");
  }

  @Test
  void theRouteLimitIsSharedByEveryClientAndAnAddressOverItsOwnSpendsNone() {
    // 4 for the route: one is spent by route() itself, waiting for the gateway to serve it.
    String path = route("none", new JsonObject().put("per_address", limit(1, 60)).put("per_route", limit(4, 60)));
    String flooder = TestSystem.someClient();
    assertStatus(post(path, flooder, null), 200, "action-successful");
    for (int i = 0; i < 5; i++) {
      // Refused by its address limit, before the route's budget is touched.
      assertStatus(post(path, flooder, null), 429, "rate-limited");
    }
    Answer second = post(path, TestSystem.someClient(), null);
    assertStatus(second, 200, "action-successful");
    assertThat(second.header("RateLimit-Policy")).isEqualTo("\"address\";q=1;w=60, \"route\";q=4;w=60");
    assertThat(second.header("RateLimit")).startsWith("\"address\";r=0;").contains(", \"route\";r=1;");
    assertStatus(post(path, TestSystem.someClient(), null), 200, "action-successful");
    Answer refused = post(path, TestSystem.someClient(), null);
    assertStatus(refused, 429, "rate-limited");
    assertThat(refused.json().getString("message")).contains("Too many requests on this route");
  }

  @Test
  void theCallerLimitCountsEachUserAfterAuthentication() {
    String path = route("session", new JsonObject().put("per_caller", limit(2, 60)));
    String clara = SYSTEM.token(TestSystem.CLARA);
    // Requests that fail authentication are not counted against anyone.
    assertStatus(post(path, TestSystem.someClient(), "not-a-token"), 401, "invalid-token");
    Answer first = post(path, TestSystem.someClient(), clara);
    assertStatus(first, 200, "action-successful");
    assertThat(first.header("RateLimit-Policy")).isEqualTo("\"caller\";q=2;w=60");
    assertStatus(post(path, TestSystem.someClient(), clara), 200, "action-successful");
    Answer refused = post(path, TestSystem.someClient(), clara);
    assertStatus(refused, 429, "rate-limited");
    assertThat(refused.json().getString("message")).contains("Too many requests from this user");
    assertThat(refused.header("Retry-After")).isNotNull();
    // Another session of the same user is the same caller; another user is not.
    assertStatus(post(path, TestSystem.someClient(), SYSTEM.token(TestSystem.CLARA)), 429, "rate-limited");
    assertStatus(post(path, TestSystem.someClient(), SYSTEM.token(TestSystem.COLIN)), 200, "action-successful");
  }

  @Test
  void aRouteWithoutLimitsSendsNoRateLimitHeaders() {
    Answer answer = post(TestRegistry.ECHO, TestSystem.someClient(), null);
    assertThat(answer.header("RateLimit")).isNull();
    assertThat(answer.header("RateLimit-Policy")).isNull();
    assertThat(answer.header("Retry-After")).isNull();
  }

  @Test
  void theAdminApiKeepsLimitsAndRefusesBadOnesNamingTheField() {
    Answer login = SYSTEM.admin("GET", "/admin/routes/POST" + TestSystem.LOGIN, (JsonObject) null);
    assertThat(login.data().getJsonObject("route").getJsonObject("rate_limits").getJsonObject("per_address"))
        .isEqualTo(new JsonObject().put("requests", 20).put("window_seconds", 60).put("burst", 20));

    String path = "/test/limited/" + UUID.randomUUID();
    JsonObject record = new JsonObject().put("service", "test-echo").put("action", "echo").put("auth", "none");
    assertRefused(path, record.copy().put("rate_limits", "fast"), "rate_limits");
    assertRefused(path, record.copy().put("rate_limits", new JsonObject().put("per_user", limit(1, 1))),
        "rate_limits.per_user");
    assertRefused(path, record.copy().put("rate_limits", new JsonObject().put("per_route", limit(0, 1))),
        "rate_limits.per_route.requests");
    assertRefused(path, record.copy().put("rate_limits", new JsonObject().put("per_route",
        new JsonObject().put("requests", 5))), "rate_limits.per_route.window_seconds");
    assertRefused(path, record.copy().put("rate_limits", new JsonObject().put("per_route",
        limit(5, 1).put("burst", "lots"))), "rate_limits.per_route.burst");
    assertRefused(path, record.copy().put("rate_limits", new JsonObject().put("per_route", limit(5, 86_401))),
        "rate_limits.per_route.window_seconds");
    assertRefused(path, record.copy().put("rate_limits", new JsonObject().put("per_caller", limit(5, 1))),
        "rate_limits.per_caller");
    assertThat(SYSTEM.admin("GET", "/admin/routes/POST" + path, (JsonObject) null).status())
        .as("nothing was stored").isEqualTo("invalid-param");

    Answer put = SYSTEM.admin("PUT", "/admin/routes/POST" + path, record.copy()
        .put("rate_limits", new JsonObject().put("per_route", limit(5, 1))));
    assertThat(put.data().getJsonObject("route").getJsonObject("rate_limits")).isEqualTo(new JsonObject()
        .put("per_route", limit(5, 1).put("burst", 5)));
  }

  private static void assertRefused(String path, JsonObject record, String field) {
    Answer answer = SYSTEM.admin("PUT", "/admin/routes/POST" + path, record);
    assertThat(answer.code()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.status()).isEqualTo("invalid-param");
    assertThat(answer.param()).as(answer.toString()).isEqualTo(field);
  }

  @Test
  void theDocsShowARoutesLimits() {
    JsonObject login = new JsonObject(SYSTEM.send(SYSTEM.request("/api/docs").GET()).text())
        .getJsonObject("paths").getJsonObject(TestSystem.LOGIN).getJsonObject("post");
    assertThat(login.getJsonObject("x-eventgate-rate-limits").getJsonObject("per_address").getInteger("requests"))
        .isEqualTo(20);
    JsonObject tooMany = login.getJsonObject("responses").getJsonObject("429");
    assertThat(tooMany.getString("description")).contains("rate-limited", "per client address: 20 requests per 60 s");
    assertThat(tooMany.getJsonObject("headers").fieldNames()).contains("Retry-After", "RateLimit", "RateLimit-Policy");
    assertThat(SYSTEM.send(SYSTEM.request("/api/docs.html").GET()).text())
        .contains("Rate limits", "per client address: 20 requests per 60 s");
  }

  // ---- failed logins ----

  private static Answer login(String email, String password, String client) {
    return SYSTEM.loginFrom(client, email, password);
  }

  @Test
  void failedLoginsSlowTheGuesserNotTheAccountsOwner() {
    String email = SYSTEM.newUser("guessed");
    String guesser = TestSystem.someClient();
    for (int i = 0; i < 5; i++) {
      assertStatus(login(email, "guess-" + i, guesser), 400, "invalid-param");
    }
    Answer refused = login(email, "guess-5", guesser);
    assertStatus(refused, 429, "rate-limited");
    assertThat(refused.json().getString("message")).contains("Too many failed logins");
    // One more failure is allowed every 12 seconds.
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 12L);
    // Even the right password waits, from the guesser's address: its hash is not even computed.
    assertStatus(login(email, TestSystem.PASSWORD, guesser), 429, "rate-limited");
    // The owner, from another address, logs in as usual.
    assertStatus(login(email, TestSystem.PASSWORD, TestSystem.someClient()), 200, "action-successful");
  }

  @Test
  void anUnknownEmailIsLimitedExactlyLikeAKnownOne() {
    String email = "nobody-" + UUID.randomUUID() + "@demo.test";
    String guesser = TestSystem.someClient();
    for (int i = 0; i < 5; i++) {
      assertStatus(login(email, "guess-" + i, guesser), 400, "invalid-param");
    }
    assertStatus(login(email, "guess-5", guesser), 429, "rate-limited");
  }
}
