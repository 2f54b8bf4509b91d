package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Signs and checks the JWTs that name a session. Only the configured algorithm is accepted, checked on
 * the token's header before anything else; {@code iss} and {@code aud} are checked by vertx-auth-jwt. The
 * token's own {@code exp} is not judged here: the caller compares it with the database's clock.
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
    if (!hasConfiguredAlgorithm(token)) {
      return Future.failedFuture(new ApiException(Status.INVALID_TOKEN));
    }
    // Once the signature, issuer and audience are verified, the claims are read from the token itself:
    // vertx-auth-jwt moves the time claims out of the principal.
    return jwt.authenticate(new TokenCredentials(token))
        .recover(failure -> Future.failedFuture(new ApiException(Status.INVALID_TOKEN)))
        .map(user -> TokenClaims.from(segment(token, 1)));
  }

  /** The JSON of a token's header (0) or payload (1); throws when it is not base64url of a JSON object. */
  private static JsonObject segment(String token, int index) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new ApiException(Status.INVALID_TOKEN);
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw new ApiException(Status.INVALID_TOKEN);
    }
  }

  private boolean hasConfiguredAlgorithm(String token) {
    try {
      return settings.algorithm().equals(segment(token, 0).getValue("alg"));
    } catch (ApiException e) {
      return false;
    }
  }
}
