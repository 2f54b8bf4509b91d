package io.eventgate.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.auth.hashing.HashingStrategy;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Passwords are stored as a slow salted hash (docs/API.md section 5). */
class PasswordHasherTest {

  private static final String PASSWORD = "demo-pass-2026";
  /** The demo users' hash of {@link #PASSWORD} as written before the PHC format: databases hold such strings. */
  private static final String LEGACY = "pbkdf2-sha512$210000$SYT3/WszkgViO+3cb2Ssuw$"
      + "yTS/93gdSDY4MjseqwGEWJLOUq2T6hNenPN0t1Rgbg47raSLeF/7zWgQAc7nzAd3e+vPPRCEGA8M1Re6elCXOQ";
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
    assertThat(stored).doesNotContain(PASSWORD);
  }

  @Test
  void newHashesAreWrittenAsPhcStringsAtFullCost() {
    assertThat(stored).matches("\\$pbkdf2\\$it=210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{86}");
  }

  @Test
  void aHashInTheOldFormatStillVerifies() {
    assertThat(PasswordHasher.verify(PASSWORD, LEGACY)).isTrue();
    assertThat(PasswordHasher.verify("demo-pass-2027", LEGACY)).isFalse();
    assertThat(PasswordHasher.verify(PASSWORD + "\0", LEGACY)).isFalse();
    assertThat(PasswordHasher.verify("pass\ud800", LEGACY)).isFalse();
  }

  /** Any old hash, not only the demo one: the old writer's derivation and encoding, at a low cost. */
  @Test
  void theOldWritersHashesVerifyWithPaddingOrWithout() throws Exception {
    byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
        .generateSecret(new PBEKeySpec("p\u00e4ss \ud83d\udd11".toCharArray(), salt, 1000, 512)).getEncoded();
    for (Base64.Encoder b64 : new Base64.Encoder[] {Base64.getEncoder().withoutPadding(), Base64.getEncoder()}) {
      String old = "pbkdf2-sha512$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
      assertThat(PasswordHasher.verify("p\u00e4ss \ud83d\udd11", old)).as(old).isTrue();
      assertThat(PasswordHasher.verify("p\u00e4ss \ud83d\udd12", old)).as(old).isFalse();
    }
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
      "$$$",
      "$pbkdf2",
      "$pbkdf2$it=210000$c2FsdA",
      "$pbkdf2$it=210000$c2FsdA$aGFzaA$extra",
      "$pbkdf2$c2FsdA$aGFzaA",
      "$pbkdf2$it=many$c2FsdA$aGFzaA",
      "$pbkdf2$it=-1$c2FsdA$aGFzaA",
      "$pbkdf2$it=0$c2FsdA$aGFzaA",
      "$pbkdf2$it=99999999999$c2FsdA$aGFzaA",
      "$pbkdf2$x=1000$c2FsdA$aGFzaA",
      "$pbkdf2$it=1000$!!!$aGFzaA",
      "$pbkdf2$it=1000$$aGFzaA",
      "$pbkdf2$it=1000$c2FsdA$",
      "$bcrypt$it=1000$c2FsdA$aGFzaA",
      "{pbkdf2}c2FsdA$aGFzaA"
  })
  void malformedStoredHashIsFalseWithoutThrowing(String malformed) {
    assertThat(PasswordHasher.verify(PASSWORD, malformed)).isFalse();
  }

  /**
   * What the library alone would accept, and this class must not: an unsalted SHA hash, and a PBKDF2 hash whose
   * iteration count is missing (the library then silently uses 10,000).
   */
  @Test
  void hashesTheLibraryAcceptsButTooCheapAreFalse() {
    HashingStrategy library = HashingStrategy.load();
    String sha512 = library.hash("sha512", null, null, PASSWORD);
    String defaultCost = library.hash("pbkdf2", Map.of("it", "10000"), "c2FsdHNhbHRzYWx0", PASSWORD)
        .replace("$it=10000$", "$x=1$");
    for (String cheap : new String[] {sha512, defaultCost}) {
      assertThat(library.verify(cheap, PASSWORD)).as("the library accepts " + cheap).isTrue();
      assertThat(PasswordHasher.verify(PASSWORD, cheap)).as(cheap).isFalse();
    }
  }

  @Test
  void aTamperedHashIsFalse() {
    String[] parts = stored.split("\\$");
    char first = parts[4].charAt(0);
    parts[4] = (first == 'A' ? 'B' : 'A') + parts[4].substring(1);
    assertThat(PasswordHasher.verify(PASSWORD, String.join("$", parts))).isFalse();
  }
}
