package io.eventgate.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWS;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Signs and checks the JWTs that name a session. A token is decoded once: its header and claims are read
 * strictly ({@link TokenClaims}: the configured algorithm only, every claim of its expected type, {@code iss}
 * and {@code aud}), and its signature is checked over the segments as sent by vertx-auth's own JWS, the
 * code its JWT provider verifies with. The provider's {@code authenticate} is not used to check: it would
 * decode the token a second time and build a user object nothing reads. The token's own {@code exp} and
 * {@code nbf} are not judged here: the caller compares them with the database's clock.
 */
public final class TokenService {

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final JWTAuth jwt;
  private final TokenSettings settings;
  /**
   * One verifier per thread: vertx-auth's JWS locks its key (HMAC) or its {@code Signature} around each
   * check, which one shared instance would make every event loop wait on.
   */
  private final ThreadLocal<JWS> verifiers;
  /**
   * Tokens that passed every check, with their claims: a pure function of the token's text and this
   * process's fixed settings, so a token seen again (a session's every request) skips the decoding, the
   * two JSON readings and the signature. A token that failed is not kept. The times the claims carry are
   * still judged at each request by the caller.
   */
  private final Cache<String, TokenClaims> verified =
      Caffeine.newBuilder().maximumSize(SessionCache.MAX_SESSIONS).build();

  public TokenService(Vertx vertx, TokenSettings settings) {
    this.settings = settings;
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions()
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))
            .setIgnoreExpiration(true));
    PubSecKeyOptions verifying;
    if (settings.algorithm().equals("HS256")) {
      verifying = new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(settings.secret());
      options.addPubSecKey(verifying);
    } else {
      verifying = new PubSecKeyOptions().setAlgorithm(settings.algorithm()).setBuffer(settings.publicKeyPem());
      options.addPubSecKey(verifying);
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm())
          .setBuffer(settings.privateKeyPem()));
    }
    this.jwt = JWTAuth.create(vertx, options);
    this.verifiers = ThreadLocal.withInitial(() -> new JWS(new JWK(verifying)));
  }

  /** A token for a session; it expires with the session's 7-day limit unless the session is remembered. */
  public String issue(String sessionId, String userId, Instant createdAt, boolean rememberMe) {
    JsonObject claims = new JsonObject().put("sid", sessionId).put("sub", userId);
    if (!rememberMe) {
      claims.put("exp", createdAt.plus(SessionRules.MAX_AGE).getEpochSecond());
    }
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm(settings.algorithm())
        .setIssuer(settings.issuer())
        .setAudience(List.of(settings.audience())));
  }

  /** The verified claims, or a failed future with {@code invalid-token}. */
  public Future<TokenClaims> verify(String token) {
    TokenClaims claims = verified.getIfPresent(token);
    if (claims == null) {
      try {
        claims = check(token);
      } catch (ApiException e) {
        return Future.failedFuture(e);
      }
      verified.put(token, claims);
    }
    return Future.succeededFuture(claims);
  }

  private TokenClaims check(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
      throw invalid(); // not three segments, or no signature
    }
    String[] parts = {token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1)};
    TokenClaims claims = TokenClaims.read(parts, settings);
    boolean signed;
    try {
      // The signing input is the first two segments exactly as sent (RFC 7515 section 5.2), in ASCII.
      signed = verifiers.get().verify(BASE64URL.decode(parts[2]),
          token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
    } catch (RuntimeException e) {
      signed = false; // not base64url, or not a signature of the algorithm's shape
    }
    if (!signed) {
      throw invalid();
    }
    return claims;
  }

  private static ApiException invalid() {
    return new ApiException(Status.INVALID_TOKEN);
  }
}
