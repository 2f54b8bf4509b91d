package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.JWT_SECRET;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens signed with the real secret whose header or claims are not what the gateway issues. Each gets one
 * answer at once — {@code invalid-token} — never a hang, and never a session.
 */
class HostileTokensTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
  /** A real, live session's claims: only the claim under test is changed. */
  private static JsonObject claims;

  @BeforeAll
  static void logIn() {
    claims = Jwts.payload(SYSTEM.token(CLARA));
  }

  private static void assertInvalidToken(String token) {
    assertStatus(SYSTEM.read(token, APPOINTMENT_1, null), 401, "invalid-token");
  }

  private static String signed(JsonObject payload) {
    return Jwts.signRaw(HEADER, payload.encode(), JWT_SECRET);
  }

  @Test
  void theUntouchedClaimsAreServed() {
    assertStatus(SYSTEM.read(signed(claims.copy()), APPOINTMENT_1, null), 200, "action-successful");
  }

  @Test
  void timeClaimsOfAnotherJsonTypeAreInvalidTokens() {
    Object[] wrong = {"1999999999", null, new JsonObject(), new JsonArray().add(1), true, 1.5, 1e30,
        new java.math.BigInteger("99999999999999999999999")};
    for (String claim : new String[] {"exp", "iat", "nbf"}) {
      for (Object value : wrong) {
        assertInvalidToken(signed(claims.copy().put(claim, value)));
      }
    }
  }

  @Test
  void identityClaimsOfAnotherJsonTypeAreInvalidTokens() {
    Object[] wrong = {42, null, new JsonObject(), new JsonArray(), true, ""};
    for (String claim : new String[] {"sid", "sub", "iss"}) {
      for (Object value : wrong) {
        assertInvalidToken(signed(claims.copy().put(claim, value)));
      }
      assertInvalidToken(signed(withoutClaim(claim)));
    }
    assertInvalidToken(signed(claims.copy().put("sid", "not-a-uuid")));
    assertInvalidToken(signed(claims.copy().put("sid", "{" + claims.getString("sid") + "}")));
  }

  @Test
  void anAudienceThatIsNotAStringOrAListOfStringsIsAnInvalidToken() {
    for (Object value : new Object[] {42, new JsonObject().put("aud", "eventgate-api"), new JsonArray(),
        new JsonArray().add(1), null, "someone-else"}) {
      assertInvalidToken(signed(claims.copy().put("aud", value)));
    }
    assertStatus(SYSTEM.read(signed(claims.copy().put("aud", new JsonArray().add("eventgate-api"))), APPOINTMENT_1,
        null), 200, "action-successful");
  }

  @Test
  void aTokenNotValidYetIsAnInvalidToken() {
    long now = Instant.now().getEpochSecond();
    assertInvalidToken(signed(claims.copy().put("nbf", now + 3_600)));
    assertStatus(SYSTEM.read(signed(claims.copy().put("nbf", now - 60)), APPOINTMENT_1, null), 200,
        "action-successful");
  }

  @Test
  void aCriticalHeaderExtensionIsAnInvalidToken() {
    // RFC 7515 section 4.1.11: a recipient that does not understand a listed extension must refuse the token.
    assertInvalidToken(Jwts.signRaw("{\"typ\":\"JWT\",\"alg\":\"HS256\",\"crit\":[\"exp\"]}", claims.encode(), JWT_SECRET));
    assertInvalidToken(Jwts.signRaw("{\"typ\":\"JWT\",\"alg\":\"HS256\",\"crit\":[]}", claims.encode(), JWT_SECRET));
  }

  @Test
  void aKeyGivenTwiceInTheHeaderOrClaimsIsAnInvalidToken() {
    assertInvalidToken(Jwts.signRaw("{\"alg\":\"HS256\",\"alg\":\"none\"}", claims.encode(), JWT_SECRET));
    String payload = claims.encode();
    String twice = payload.substring(0, payload.length() - 1) + ",\"sid\":\"" + java.util.UUID.randomUUID() + "\"}";
    assertInvalidToken(Jwts.signRaw(HEADER, twice, JWT_SECRET));
  }

  @Test
  void segmentsThatAreNotJsonObjectsAreInvalidTokens() {
    for (String payload : new String[] {"[]", "\"x\"", "42", "null", "{", claims.encode() + " x", ""}) {
      assertInvalidToken(Jwts.signRaw(HEADER, payload, JWT_SECRET));
    }
    for (String header : new String[] {"[]", "{\"alg\":null}", "{\"alg\":[\"HS256\"]}", "{}"}) {
      assertInvalidToken(Jwts.signRaw(header, claims.encode(), JWT_SECRET));
    }
  }

  private static JsonObject withoutClaim(String claim) {
    JsonObject copy = claims.copy();
    copy.remove(claim);
    return copy;
  }
}
