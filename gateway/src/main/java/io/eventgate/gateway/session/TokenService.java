package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import java.time.Instant;
import java.util.List;

/**
 * Signs and checks the JWTs that name a session. The token's header and claims are read strictly first
 * ({@link TokenClaims}: the configured algorithm only, every claim of its expected type); then vertx-auth-jwt
 * checks the signature, {@code iss} and {@code aud}. The token's own {@code exp} and {@code nbf} are not
 * judged here: the caller compares them with the database's clock.
 */
public final class TokenService {

  private final JWTAuth jwt;
  private final TokenSettings settings;

  public TokenService(Vertx vertx, TokenSettings settings) {
    this.settings = settings;
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions()
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))
            .setIgnoreExpiration(true));
    if (settings.algorithm().equals("HS256")) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(settings.secret()));
    } else {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm())
          .setBuffer(settings.publicKeyPem()));
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm())
          .setBuffer(settings.privateKeyPem()));
    }
    this.jwt = JWTAuth.create(vertx, options);
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
    TokenClaims claims;
    try {
      claims = TokenClaims.read(token, settings.algorithm());
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    // The claims are the ones just read. vertx-auth-jwt decodes the payload again inside authenticate (it must,
    // for the signature, iss and aud) and exposes it on its User, but that reading keeps the last of a
    // duplicated key and checks no claim's type, and moves the time claims out of the principal: the strict
    // reading cannot be replaced by it, and the library's own decode cannot be skipped.
    return jwt.authenticate(new TokenCredentials(token))
        .transform(verified -> verified.succeeded() ? Future.succeededFuture(claims)
            : Future.failedFuture(new ApiException(Status.INVALID_TOKEN)));
  }
}
