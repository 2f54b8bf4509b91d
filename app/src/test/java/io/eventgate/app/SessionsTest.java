package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.ERIN;
import static io.eventgate.app.TestSystem.LOGIN;
import static io.eventgate.app.TestSystem.LOGOUT;
import static io.eventgate.app.TestSystem.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.gateway.users.UsersVerticle;
import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Login, logout, tokens and the session rules of docs/API.md section 5, through HTTP. */
class SessionsTest {

  private static final String REGISTER = "/api/v1/users/client_register";

  private final TestSystem system = TestSystem.get();

  // ---- login ----

  @Test
  void loginAnswersTheSessionWithItsToken() {
    Answer answer = system.login(CLARA, PASSWORD, false);
    assertStatus(answer, 200, "action-successful");
    JsonObject session = answer.json().getJsonObject("session");
    assertThat(session.fieldNames()).containsExactlyInAnyOrder("_id", "token", "user_id", "remember_me",
        "created_at", "last_used_at", "expires_at");
    assertThat(session.getString("user_id")).isEqualTo("10000000-0000-4000-8000-000000000001");
    assertThat(session.getBoolean("remember_me")).isFalse();
    Instant created = Instant.parse(session.getString("created_at"));
    assertThat(Instant.parse(session.getString("expires_at"))).isEqualTo(created.plus(Duration.ofHours(72)));
    JsonObject claims = Jwts.payload(session.getString("token"));
    assertThat(claims.getString("sid")).isEqualTo(session.getString("_id"));
    assertThat(claims.getString("sub")).isEqualTo(session.getString("user_id"));
    assertThat(claims.getString("iss")).isEqualTo(TestSystem.ISSUER);
    assertThat(claims.getValue("aud").toString()).contains(TestSystem.AUDIENCE);
    assertThat(answer.data().getJsonObject("user").getString("email")).isEqualTo(CLARA);
    assertThat(answer.data().encode()).doesNotContain("password", "pbkdf2");
  }

  @Test
  void rememberMeSessionsDoNotExpire() {
    JsonObject session = system.login(CLARA, PASSWORD, true).json().getJsonObject("session");
    assertThat(session.getBoolean("remember_me")).isTrue();
    assertThat(session.getValue("expires_at")).isNull();
    assertThat(Jwts.payload(session.getString("token")).containsKey("exp")).isFalse();
    String token = session.getString("token");
    age(token, "30 days", "10 days");
    assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
  }

  @Test
  void emailIsMatchedWithoutCase() {
    assertStatus(system.login("Clara.Client@Demo.TEST", PASSWORD, false), 200, "action-successful");
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
    Answer wrongPassword = system.login(CLARA, "not-the-password", false);
    Answer unknownEmail = system.login("nobody@demo.test", PASSWORD, false);
    for (Answer answer : new Answer[] {wrongPassword, unknownEmail}) {
      assertStatus(answer, 400, "invalid-param");
      assertThat(answer.param()).isEqualTo("password");
      assertThat(answer.json().containsKey("session")).isFalse();
    }
    assertThat(wrongPassword.json().getString("message")).isEqualTo(unknownEmail.json().getString("message"));
  }

  @Test
  void loginParamsAreValidated() {
    Answer answer = system.postSensitive(LOGIN, new JsonObject().put("email", "not-an-email").put("password", "x"),
        null);
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo("email");
    answer = system.postSensitive(LOGIN, new JsonObject().put("email", CLARA), null);
    assertStatus(answer, 400, "missing-param");
    assertThat(answer.param()).isEqualTo("password");
    answer = system.postSensitive(LOGIN, new JsonObject().put("email", CLARA).put("password", PASSWORD)
        .put("remember_me", "yes"), null);
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo("remember_me");
  }

  @Test
  void loginRefusesAPlainJsonBodyOnItsSensitiveRoute() {
    Answer answer = system.post(LOGIN, new JsonObject().put("email", CLARA).put("password", PASSWORD), null);
    assertStatus(answer, 400, "invalid-encoded-params");
  }

  @Test
  void aFloodOfLoginsIsTurnedAwayQuicklyAndAGoodLoginStillGetsThrough() throws Exception {
    // More at once than the users service holds on this machine, whatever its cores: some must be refused.
    int logins = UsersVerticle.LOGINS_IN_HAND + 16;
    ExecutorService clients = Executors.newFixedThreadPool(logins);
    try {
      List<Future<Answer>> flood = new ArrayList<>();
      for (int i = 0; i < logins; i++) {
        flood.add(clients.submit(() -> system.login("nobody@demo.test", "flooding", false)));
      }
      Map<String, Integer> statuses = new TreeMap<>();
      for (Future<Answer> answer : flood) {
        statuses.merge(answer.get().status(), 1, Integer::sum);
      }
      // Bad credentials for those that were hashed, service-unavailable at once for the rest; no timeouts.
      assertThat(statuses.keySet()).isSubsetOf("invalid-param", "service-unavailable");
      assertThat(statuses.getOrDefault("service-unavailable", 0)).isPositive();
    } finally {
      clients.shutdown();
    }
    long start = System.nanoTime();
    Answer good = system.login(CLARA, PASSWORD, false);
    while (!"action-successful".equals(good.status()) && System.nanoTime() - start < 5_000_000_000L) {
      Thread.sleep(100);
      good = system.login(CLARA, PASSWORD, false);
    }
    assertStatus(good, 200, "action-successful");
  }

  // ---- session expiry, on the database's clock ----

  @Test
  void aSessionJustUnderSevenDaysOldIsValidAndJustOverIsExpired() {
    String young = system.token(CLARA);
    age(young, "7 days - 30 seconds", "1 minute");
    assertStatus(system.read(young, APPOINTMENT_1, null), 200, "action-successful");

    String old = system.token(CLARA);
    age(old, "7 days 1 second", "1 minute");
    assertStatus(system.read(old, APPOINTMENT_1, null), 401, "session-expired");
  }

  @Test
  void aSessionIdleJustUnderSeventyTwoHoursIsValidAndJustOverIsExpired() {
    String recent = system.token(CLARA);
    age(recent, "4 days", "72 hours - 30 seconds");
    assertStatus(system.read(recent, APPOINTMENT_1, null), 200, "action-successful");

    String idle = system.token(CLARA);
    age(idle, "4 days", "72 hours 1 second");
    assertStatus(system.read(idle, APPOINTMENT_1, null), 401, "session-expired");
  }

  @Test
  void usingASessionKeepsItAliveButWritesLastUsedAtAtMostOnceAMinute() throws Exception {
    String token = system.token(CLARA);
    String sid = Jwts.sid(token);
    OffsetDateTime before = lastUsedAt(sid);
    for (int i = 0; i < 5; i++) {
      assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
    }
    assertThat(lastUsedAt(sid)).isEqualTo(before);

    String stale = system.token(CLARA);
    age(stale, "1 hour", "2 minutes");
    OffsetDateTime old = lastUsedAt(Jwts.sid(stale));
    assertStatus(system.read(stale, APPOINTMENT_1, null), 200, "action-successful");
    OffsetDateTime touched = waitForChange(Jwts.sid(stale), old);
    assertThat(touched).isAfter(old.plusMinutes(1));
  }

  @Test
  void touchesClaimedTogetherAreWrittenByOneStatement() throws Exception {
    List<String> stale = List.of(system.token(CLARA), system.token(CLARA), system.token(ERIN));
    Map<String, OffsetDateTime> old = new HashMap<>();
    for (String token : stale) {
      age(token, "1 hour", "2 minutes");
      old.put(Jwts.sid(token), lastUsedAt(Jwts.sid(token)));
    }
    for (String token : stale) {
      assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
    }
    Set<OffsetDateTime> written = new HashSet<>();
    for (String token : stale) {
      written.add(waitForChange(Jwts.sid(token), old.get(Jwts.sid(token))));
    }
    // now() is the statement's transaction time: one value for all three is one UPDATE for all three.
    assertThat(written).hasSize(1);
    assertThat(written.iterator().next()).isAfter(old.get(Jwts.sid(stale.get(0))).plusMinutes(1));
  }

  // ---- while the session is cached (SESSION_CACHE_SECONDS is minutes by default) ----

  @Test
  void aCachedSessionTurnsExpiredAtTheSevenDayLimitWithoutBeingReadAgain() {
    String token = system.token(CLARA);
    long aged = System.nanoTime();
    age(token, "7 days - 3 seconds", "1 minute");
    double misses = sessionLookups("miss");
    assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
    assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
    assertThat(sessionLookups("miss") - misses).as("one query for both reads").isEqualTo(1);

    TestSystem.sleep(Math.max(0, 3_500 - (System.nanoTime() - aged) / 1_000_000));
    assertStatus(system.read(token, APPOINTMENT_1, null), 401, "session-expired");
    assertThat(sessionLookups("miss") - misses).as("judged on the cached copy, on the database's clock")
        .isEqualTo(1);
  }

  @Test
  void registeringThroughOneSessionFreesEveryCachedSessionOfTheUser() {
    String email = system.newUser("cached");
    String first = system.token(email);
    String second = system.token(email);
    assertStatus(system.read(first, APPOINTMENT_1, null), 401, "client-required");
    assertStatus(system.read(second, APPOINTMENT_1, null), 401, "client-required");

    assertStatus(system.postSensitive(REGISTER, new JsonObject().put("first_name", "Cached")
        .put("last_name", "Caller"), first), 200, "action-successful");
    // Appointment 1 is not this new client's: hidden (invalid-param), no longer client-required.
    for (String token : List.of(first, second)) {
      Answer read = system.read(token, APPOINTMENT_1, null);
      assertStatus(read, 400, "invalid-param");
      assertThat(read.param()).isEqualTo("_id");
    }
  }

  @Test
  void sessionCacheLookupsAreCountedInTheMetrics() {
    String token = system.token(ERIN);
    double hits = sessionLookups("hit");
    double misses = sessionLookups("miss");
    for (int i = 0; i < 3; i++) {
      assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
    }
    assertThat(sessionLookups("miss") - misses).isEqualTo(1);
    assertThat(sessionLookups("hit") - hits).isEqualTo(2);
  }

  // ---- tokens ----

  @Test
  void aTokenWithATamperedPayloadIsInvalid() {
    String token = system.token(CLARA);
    JsonObject payload = Jwts.payload(token).put("sub", "10000000-0000-4000-8000-000000000003");
    assertStatus(system.read(Jwts.withPayload(token, payload), APPOINTMENT_1, null), 401, "invalid-token");
  }

  @Test
  void anUnsignedTokenIsInvalid() {
    JsonObject payload = Jwts.payload(system.token(CLARA));
    assertStatus(system.read(Jwts.unsigned(payload), APPOINTMENT_1, null), 401, "invalid-token");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsInvalid() {
    JsonObject payload = Jwts.payload(system.token(CLARA));
    String forged = Jwts.sign("HS256", payload, "another-secret-that-is-also-long-enough-0123");
    assertStatus(system.read(forged, APPOINTMENT_1, null), 401, "invalid-token");
  }

  @Test
  void anotherAlgorithmIsRefusedEvenWithTheRightKey() {
    JsonObject payload = Jwts.payload(system.token(CLARA));
    assertStatus(system.read(Jwts.sign("HS512", payload, TestSystem.JWT_SECRET), APPOINTMENT_1, null), 401,
        "invalid-token");
    assertStatus(system.read(Jwts.sign("HS384", payload, TestSystem.JWT_SECRET), APPOINTMENT_1, null), 401,
        "invalid-token");
  }

  @Test
  void theRightKeyAndAlgorithmAreAccepted() {
    JsonObject payload = Jwts.payload(system.token(CLARA));
    assertStatus(system.read(Jwts.sign("HS256", payload, TestSystem.JWT_SECRET), APPOINTMENT_1, null), 200,
        "action-successful");
  }

  @Test
  void issuerAndAudienceAreChecked() {
    JsonObject payload = Jwts.payload(system.token(CLARA));
    assertStatus(system.read(Jwts.sign("HS256", payload.copy().put("iss", "someone-else"), TestSystem.JWT_SECRET),
        APPOINTMENT_1, null), 401, "invalid-token");
    assertStatus(system.read(Jwts.sign("HS256", payload.copy().put("aud", "another-api"), TestSystem.JWT_SECRET),
        APPOINTMENT_1, null), 401, "invalid-token");
  }

  @Test
  void aSignedTokenForAnUnknownSessionIsInvalid() {
    JsonObject payload = Jwts.payload(system.token(CLARA)).put("sid", UUID.randomUUID().toString());
    assertStatus(system.read(Jwts.sign("HS256", payload, TestSystem.JWT_SECRET), APPOINTMENT_1, null), 401,
        "invalid-token");
    JsonObject notAUuid = Jwts.payload(system.token(CLARA)).put("sid", "1; DROP TABLE sessions");
    assertStatus(system.read(Jwts.sign("HS256", notAUuid, TestSystem.JWT_SECRET), APPOINTMENT_1, null), 401,
        "invalid-token");
  }

  @Test
  void aSignedTokenWhoseExpHasPassedIsAnExpiredSession() {
    JsonObject payload = Jwts.payload(system.token(CLARA)).put("exp", Instant.now().getEpochSecond() - 10);
    assertStatus(system.read(Jwts.sign("HS256", payload, TestSystem.JWT_SECRET), APPOINTMENT_1, null), 401,
        "session-expired");
  }

  @Test
  void malformedAuthorizationHeadersAreInvalidTokens() {
    for (String header : new String[] {"", "Bearer", "Bearer ", "Basic abc", "Bearer a.b", "Bearer a.b.c",
        "Bearer " + "x".repeat(5000), "Token " + system.token(CLARA)}) {
      Answer answer = system.send(system.request(TestSystem.READ).header("Authorization", header)
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"_id\":\"" + APPOINTMENT_1 + "\"}")));
      assertStatus(answer, 401, "invalid-token");
    }
  }

  // ---- logout ----

  @Test
  void logoutRevokesTheSessionAtOnce() {
    String token = system.token(CLARA);
    assertStatus(system.read(token, APPOINTMENT_1, null), 200, "action-successful");
    assertStatus(system.post(LOGOUT, "{}", token), 200, "action-successful");
    assertStatus(system.read(token, APPOINTMENT_1, null), 401, "invalid-token");
    assertStatus(system.post(LOGOUT, "{}", token), 401, "invalid-token");
    assertThat(system.queryValue("SELECT revoked_at IS NOT NULL FROM sessions WHERE id::text = ?", Jwts.sid(token)))
        .isEqualTo(true);
  }

  @Test
  void logoutTakesAnEmptyBody() {
    String token = system.token(CLARA);
    assertStatus(system.post(LOGOUT, "application/json", new byte[0], token), 200, "action-successful");
  }

  @Test
  void logoutOfOneSessionLeavesTheOthers() {
    String first = system.token(CLARA);
    String second = system.token(CLARA);
    assertStatus(system.post(LOGOUT, "{}", first), 200, "action-successful");
    assertStatus(system.read(second, APPOINTMENT_1, null), 200, "action-successful");
  }

  /** Moves a session's creation and last use into the past by the given PostgreSQL intervals. */
  private void age(String token, String createdAgo, String lastUsedAgo) {
    int updated = system.update("UPDATE sessions SET created_at = now() - ?::interval,"
        + " last_used_at = now() - ?::interval WHERE id::text = ?", createdAgo, lastUsedAgo, Jwts.sid(token));
    assertThat(updated).isEqualTo(1);
  }

  /** {@code eventgate_session_cache_requests_total{result}} from /metrics. */
  private double sessionLookups(String result) {
    return system.admin("/metrics", "Bearer " + TestSystem.ADMIN_TOKEN).text().lines()
        .filter(metric -> metric.startsWith("eventgate_session_cache_requests_total{")
            && metric.contains("result=\"" + result + "\""))
        .mapToDouble(metric -> Double.parseDouble(metric.substring(metric.lastIndexOf(' ') + 1)))
        .findFirst().orElse(0);
  }

  private OffsetDateTime lastUsedAt(String sid) {
    return system.queryValue(OffsetDateTime.class, "SELECT last_used_at FROM sessions WHERE id::text = ?", sid);
  }

  private OffsetDateTime waitForChange(String sid, OffsetDateTime old) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    OffsetDateTime now = lastUsedAt(sid);
    while (now.equals(old) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      now = lastUsedAt(sid);
    }
    return now;
  }
}
