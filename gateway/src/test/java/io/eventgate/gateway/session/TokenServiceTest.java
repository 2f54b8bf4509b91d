package io.eventgate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signature check of every algorithm the gateway accepts, through the token service's one decoding: a
 * token it issued passes, with its claims; the same token with its signature or payload changed, or signed
 * with another key, is {@code invalid-token}, the first time and when asked again.
 */
@ExtendWith(VertxExtension.class)
class TokenServiceTest {

  private static final String SECRET = "token-service-test-secret-0123456789abcdef";
  private static final String SESSION = "50000000-0000-4000-8000-000000000001";
  private static final String USER = "10000000-0000-4000-8000-000000000001";

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void anIssuedTokenPassesWithItsClaims(String algorithm, Vertx vertx) throws Exception {
    TokenService tokens = new TokenService(vertx, settings(algorithm, "eventgate"));
    Instant created = Instant.parse("2026-03-10T12:00:00Z");
    String token = tokens.issue(SESSION, USER, created, false);
    for (int i = 0; i < 2; i++) {
      TokenClaims claims = tokens.verify(token).await();
      assertThat(claims.sessionId()).isEqualTo(UUID.fromString(SESSION));
      assertThat(claims.userId()).isEqualTo(USER);
      assertThat(claims.expiresAt()).isEqualTo(created.plus(SessionRules.MAX_AGE).getEpochSecond());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void aChangedSignatureIsRefused(String algorithm, Vertx vertx) throws Exception {
    TokenService tokens = new TokenService(vertx, settings(algorithm, "eventgate"));
    String token = tokens.issue(SESSION, USER, Instant.now(), true);
    int dot = token.lastIndexOf('.');
    byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    signature[signature.length / 2] ^= 1;
    String changed = token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    assertRefusedTwice(tokens, changed);
    assertRefusedTwice(tokens, token.substring(0, dot + 1) + "bm90LWEtc2lnbmF0dXJl");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void aChangedPayloadIsRefused(String algorithm, Vertx vertx) throws Exception {
    TokenService tokens = new TokenService(vertx, settings(algorithm, "eventgate"));
    String token = tokens.issue(SESSION, USER, Instant.now(), true);
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace(USER, "10000000-0000-4000-8000-000000000003");
    assertRefusedTwice(tokens, parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void aTokenSignedWithAnotherKeyIsRefused(String algorithm, Vertx vertx) throws Exception {
    TokenService tokens = new TokenService(vertx, settings(algorithm, "eventgate"));
    TokenSettings other = algorithm.equals("HS256")
        ? new TokenSettings("HS256", SECRET + "-other", null, null, "eventgate", "eventgate-api")
        : settings(algorithm, "eventgate");
    String forged = new TokenService(vertx, other).issue(SESSION, USER, Instant.now(), true);
    assertRefusedTwice(tokens, forged);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "ES256"})
  void anotherIssuerIsRefusedEvenWhenTheSignatureIsGood(String algorithm, Vertx vertx) throws Exception {
    TokenSettings settings = settings(algorithm, "eventgate");
    TokenService tokens = new TokenService(vertx, settings);
    TokenSettings sameKeysOtherIssuer = new TokenSettings(algorithm, settings.secret(), settings.publicKeyPem(),
        settings.privateKeyPem(), "someone-else", settings.audience());
    assertRefusedTwice(tokens, new TokenService(vertx, sameKeysOtherIssuer).issue(SESSION, USER, Instant.now(), true));
    TokenSettings sameKeysOtherAudience = new TokenSettings(algorithm, settings.secret(), settings.publicKeyPem(),
        settings.privateKeyPem(), settings.issuer(), "another-api");
    assertRefusedTwice(tokens, new TokenService(vertx, sameKeysOtherAudience).issue(SESSION, USER, Instant.now(), true));
  }

  private static void assertRefusedTwice(TokenService tokens, String token) {
    for (int i = 0; i < 2; i++) {
      Future<TokenClaims> verified = tokens.verify(token);
      assertThat(verified.failed()).as("refused").isTrue();
      assertThat(verified.cause()).isInstanceOf(ApiException.class);
      assertThat(((ApiException) verified.cause()).status()).isEqualTo(Status.INVALID_TOKEN);
    }
  }

  private static TokenSettings settings(String algorithm, String issuer) throws Exception {
    if (algorithm.equals("HS256")) {
      return new TokenSettings("HS256", SECRET, null, null, issuer, "eventgate-api");
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.equals("RS256") ? "RSA" : "EC");
    if (algorithm.equals("RS256")) {
      generator.initialize(2048);
    } else {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    }
    KeyPair keys = generator.generateKeyPair();
    return new TokenSettings(algorithm, null, pem("PUBLIC KEY", keys.getPublic().getEncoded()),
        pem("PRIVATE KEY", keys.getPrivate().getEncoded()), issuer, "eventgate-api");
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + kind + "-----\n";
  }
}
