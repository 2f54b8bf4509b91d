package io.eventgate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.bus.Caller;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Session lifetimes and the session object of docs/API.md section 5. */
class SessionRecordTest {

  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final UUID ID = UUID.fromString("5e551011-0000-4000-8000-000000000001");
  private static final String USER_ID = "10000000-0000-4000-8000-000000000001";
  private static final Caller CLIENT = new Caller(USER_ID, ID.toString(), "c0000000-0000-4000-8000-000000000001",
      null, null, null);

  // --- expiry by age ---

  @Test
  void createdExactlySevenDaysAgoIsNotExpired() {
    Instant created = NOW.minus(Duration.ofDays(7));
    assertThat(session(false, created, NOW).expired(NOW)).isFalse();
  }

  @Test
  void createdSevenDaysAndOneSecondAgoIsExpired() {
    Instant created = NOW.minus(Duration.ofDays(7)).minusSeconds(1);
    assertThat(session(false, created, NOW).expired(NOW)).isTrue();
  }

  @Test
  void aFreshSessionIsNotExpired() {
    assertThat(session(false, NOW, NOW).expired(NOW)).isFalse();
  }

  // --- expiry by idleness ---

  @Test
  void idleExactly72HoursIsNotExpired() {
    Instant lastUsed = NOW.minus(Duration.ofHours(72));
    assertThat(session(false, lastUsed.minus(Duration.ofDays(1)), lastUsed).expired(NOW)).isFalse();
  }

  @Test
  void idle72HoursAndOneSecondIsExpired() {
    Instant lastUsed = NOW.minus(Duration.ofHours(72)).minusSeconds(1);
    assertThat(session(false, lastUsed.minus(Duration.ofDays(1)), lastUsed).expired(NOW)).isTrue();
  }

  // --- remember_me ---

  @Test
  void rememberedSessionNeverExpiresByAge() {
    Instant created = NOW.minus(Duration.ofDays(400));
    assertThat(session(true, created, NOW.minusSeconds(5)).expired(NOW)).isFalse();
  }

  @Test
  void rememberedSessionNeverExpiresByIdleness() {
    Instant lastUsed = NOW.minus(Duration.ofDays(90));
    assertThat(session(true, lastUsed, lastUsed).expired(NOW)).isFalse();
  }

  // --- last_used_at is written at most once a minute ---

  @Test
  void claimTouchIsTrueOnceWhenLastUseIsExactlyAMinuteOld() {
    SessionRecord session = session(false, NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(1)));
    assertThat(session.claimTouch(NOW)).isTrue();
    assertThat(session.claimTouch(NOW)).isFalse();
    assertThat(session.lastUsedAt()).isEqualTo(NOW);
  }

  @Test
  void claimTouchIsTrueOnceWhenLastUseIsOld() {
    SessionRecord session = session(false, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofHours(5)));
    assertThat(session.claimTouch(NOW)).isTrue();
    assertThat(session.claimTouch(NOW.plusSeconds(30))).isFalse();
  }

  @Test
  void claimTouchIsFalseWhenLastUseIsYoungerThanAMinute() {
    Instant lastUsed = NOW.minusSeconds(59);
    SessionRecord session = session(false, NOW.minus(Duration.ofHours(1)), lastUsed);
    assertThat(session.claimTouch(NOW)).isFalse();
    assertThat(session.lastUsedAt()).isEqualTo(lastUsed);
  }

  @Test
  void claimTouchIsTrueAgainAMinuteAfterTheLastTouch() {
    SessionRecord session = session(false, NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(10)));
    assertThat(session.claimTouch(NOW)).isTrue();
    assertThat(session.claimTouch(NOW.plusSeconds(59))).isFalse();
    assertThat(session.claimTouch(NOW.plusSeconds(60))).isTrue();
  }

  @Test
  void aTouchMovesTheIdleExpiry() {
    SessionRecord session = session(false, NOW.minus(Duration.ofHours(10)), NOW.minus(Duration.ofHours(2)));
    session.claimTouch(NOW);
    assertThat(session.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(72)));
  }

  // --- expires_at ---

  @Test
  void expiresAtIsTheIdleLimitWhenItComesFirst() {
    Instant created = NOW.minus(Duration.ofDays(1));
    Instant lastUsed = NOW.minus(Duration.ofHours(1));
    assertThat(session(false, created, lastUsed).expiresAt()).isEqualTo(lastUsed.plus(Duration.ofHours(72)));
  }

  @Test
  void expiresAtIsTheAgeLimitWhenItComesFirst() {
    Instant created = NOW.minus(Duration.ofDays(6));
    Instant lastUsed = NOW.minus(Duration.ofHours(1));
    assertThat(session(false, created, lastUsed).expiresAt()).isEqualTo(created.plus(Duration.ofDays(7)));
  }

  @Test
  void expiresAtIsNullWhenRemembered() {
    assertThat(session(true, NOW.minus(Duration.ofDays(1)), NOW).expiresAt()).isNull();
  }

  // --- the session object ---

  @Test
  void toJsonHasExactlyTheContractKeys() {
    JsonObject json = session(false, NOW.minus(Duration.ofDays(1)), NOW).toJson("the.jwt.token");
    assertThat(json.fieldNames()).containsExactlyInAnyOrder(
        "_id", "token", "user_id", "remember_me", "created_at", "last_used_at", "expires_at");
  }

  @Test
  void toJsonWithoutATokenOmitsOnlyTheToken() {
    JsonObject json = session(false, NOW.minus(Duration.ofDays(1)), NOW).toJson(null);
    assertThat(json.fieldNames()).containsExactlyInAnyOrder(
        "_id", "user_id", "remember_me", "created_at", "last_used_at", "expires_at");
  }

  @Test
  void toJsonValuesAreIsoUtc() {
    Instant created = Instant.parse("2026-03-09T08:00:00Z");
    Instant lastUsed = Instant.parse("2026-03-10T11:59:00Z");
    JsonObject json = session(false, created, lastUsed).toJson("the.jwt.token");
    assertThat(json.getString("_id")).isEqualTo(ID.toString());
    assertThat(json.getString("token")).isEqualTo("the.jwt.token");
    assertThat(json.getString("user_id")).isEqualTo(USER_ID);
    assertThat(json.getBoolean("remember_me")).isFalse();
    assertThat(json.getString("created_at")).isEqualTo("2026-03-09T08:00:00Z");
    assertThat(json.getString("last_used_at")).isEqualTo("2026-03-10T11:59:00Z");
    assertThat(json.getString("expires_at")).isEqualTo("2026-03-13T11:59:00Z");
  }

  @Test
  void toJsonOfARememberedSessionHasANullExpiresAt() {
    JsonObject json = session(true, NOW.minus(Duration.ofDays(30)), NOW).toJson("t");
    assertThat(json.getBoolean("remember_me")).isTrue();
    assertThat(json.containsKey("expires_at")).isTrue();
    assertThat(json.getValue("expires_at")).isNull();
  }

  // --- helpers ---

  private static SessionRecord session(boolean rememberMe, Instant createdAt, Instant lastUsedAt) {
    return new SessionRecord(ID, USER_ID, rememberMe, createdAt, lastUsedAt, false, CLIENT, NOW);
  }
}
