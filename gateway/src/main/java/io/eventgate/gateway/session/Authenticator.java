package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.Caller;
import io.eventgate.gateway.registry.Auth;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Stage 2: establishes the caller from {@code Authorization: Bearer <token>}. The token must verify, and
 * the session row it names decides: revoked or unknown, expired, or (for auth {@code role}) without a
 * client, employee or liaison record.
 */
public final class Authenticator {

  private static final String BEARER = "bearer ";

  private final TokenService tokens;
  private final SessionStore store;
  private final SessionCache cache;
  private final SessionTouches touches;

  public Authenticator(TokenService tokens, SessionStore store, SessionCache cache, SessionTouches touches) {
    this.tokens = tokens;
    this.store = store;
    this.cache = cache;
    this.touches = touches;
  }

  public Future<Caller> authenticate(Auth auth, String authorization) {
    if (auth == Auth.NONE) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    String token = bearerToken(authorization);
    if (token == null) {
      return Future.failedFuture(new ApiException(Status.INVALID_TOKEN, "Send a token as Authorization: Bearer <token>."));
    }
    return authenticateToken(auth, token);
  }

  /** The caller of a session token, by the rules of {@code auth} ({@code SESSION} or {@code ROLE}). */
  public Future<Caller> authenticateToken(Auth auth, String token) {
    return tokens.verify(token)
        .compose(claims -> session(claims).map(session -> check(auth, claims, session, token)));
  }

  private Future<SessionRecord> session(TokenClaims claims) {
    return cache.get(claims.sessionId(), store::find);
  }

  private Caller check(Auth auth, TokenClaims claims, SessionRecord session, String token) {
    Instant now = session == null ? null : session.dbNow();
    if (session == null || session.revoked() || !session.userId().equals(claims.userId())
        || (claims.notBefore() != null && now.getEpochSecond() < claims.notBefore())) {
      throw new ApiException(Status.INVALID_TOKEN);
    }
    if (session.expired(now) || (claims.expiresAt() != null && now.getEpochSecond() >= claims.expiresAt())) {
      throw new ApiException(Status.SESSION_EXPIRED);
    }
    if (session.claimTouch(now)) {
      touches.claim(session.id());
    }
    if (auth == Auth.ROLE && !session.caller().hasRole()) {
      throw new ApiException(Status.CLIENT_REQUIRED, null, null, session.toJson(token));
    }
    return session.caller();
  }

  private static String bearerToken(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
