package io.eventgate.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Passwords are stored as a slow salted hash (docs/API.md section 5). */
class PasswordHasherTest {

  private static final String PASSWORD = "demo-pass-2026";
  private static String stored;

  @BeforeAll
  static void hashOnce() {
    stored = PasswordHasher.hash(PASSWORD);
  }

  @Test
  void hashThenVerifyIsTrue() {
    assertThat(PasswordHasher.verify(PASSWORD, stored)).isTrue();
  }

  @Test
  void wrongPasswordIsFalse() {
    assertThat(PasswordHasher.verify("demo-pass-2027", stored)).isFalse();
    assertThat(PasswordHasher.verify("Demo-pass-2026", stored)).isFalse();
    assertThat(PasswordHasher.verify("", stored)).isFalse();
  }

  /** Defect 3 of issue #10: PBKDF2 pads its key with zero bytes, and encodes a lone surrogate as '?'. */
  @Test
  void nulOrALoneSurrogateNeverMatches() {
    for (String password : new String[] {PASSWORD + "\0", PASSWORD + "\0\0\0", PASSWORD + "\0".repeat(200),
        PASSWORD + "\0x", "\0" + PASSWORD}) {
      assertThat(PasswordHasher.verify(password, stored)).as("password with NUL").isFalse();
    }
    String question = PasswordHasher.hash("pass?");
    assertThat(PasswordHasher.verify("pass?", question)).isTrue();
    assertThat(PasswordHasher.verify("pass\ud800", question)).isFalse();
    assertThat(PasswordHasher.verify("pass\udc00", question)).isFalse();
  }

  @Test
  void aPasswordWithASurrogatePairStillMatches() {
    String emoji = PasswordHasher.hash("pass \ud83d\ude00");
    assertThat(PasswordHasher.verify("pass \ud83d\ude00", emoji)).isTrue();
  }

  @Test
  void noPasswordThatCouldNeverMatchIsHashed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasswordHasher.hash("pass\0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHashDoesNotHoldThePassword() {
    assertThat(stored).doesNotContain(PASSWORD).startsWith("pbkdf2-sha512$");
  }

  @Test
  void twoHashesOfTheSamePasswordDiffer() {
    String other = PasswordHasher.hash(PASSWORD);
    assertThat(other).isNotEqualTo(stored);
    assertThat(PasswordHasher.verify(PASSWORD, other)).isTrue();
  }

  @Test
  void nonAsciiPasswordsRoundTrip() {
    String password = "p\u00e4ss w\u00f6rd \uD83D\uDD11";
    assertThat(PasswordHasher.verify(password, PasswordHasher.hash(password))).isTrue();
    assertThat(PasswordHasher.verify("pass word", PasswordHasher.hash(password))).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "not a hash",
      "demo-pass-2026",
      "pbkdf2-sha512",
      "pbkdf2-sha512$210000$c2FsdA",
      "pbkdf2-sha512$210000$c2FsdA$aGFzaA$extra",
      "bcrypt$210000$c2FsdA$aGFzaA",
      "pbkdf2-sha512$many$c2FsdA$aGFzaA",
      "pbkdf2-sha512$-1$c2FsdA$aGFzaA",
      "pbkdf2-sha512$0$c2FsdA$aGFzaA",
      "pbkdf2-sha512$1000$!!!$aGFzaA",
      "pbkdf2-sha512$1000$c2FsdA$!!!",
      "pbkdf2-sha512$1000$$aGFzaA",
      "pbkdf2-sha512$1000$c2FsdA$",
      "$$$"
  })
  void malformedStoredHashIsFalseWithoutThrowing(String malformed) {
    assertThat(PasswordHasher.verify(PASSWORD, malformed)).isFalse();
  }

  @Test
  void aTamperedHashIsFalse() {
    String[] parts = stored.split("\\$");
    char last = parts[3].charAt(0);
    parts[3] = (last == 'A' ? 'B' : 'A') + parts[3].substring(1);
    assertThat(PasswordHasher.verify(PASSWORD, String.join("$", parts))).isFalse();
  }
}
