package io.eventgate.gateway.session;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.api.Uuids;
import io.eventgate.common.json.StrictJson;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the gateway relies on in a token, read strictly before its signature is checked, so that no claim of
 * an unexpected JSON type can reach the JWT library or the session check: a token is three base64url
 * segments; its header and payload are JSON objects with no key twice; the header names the configured
 * algorithm and no {@code crit} extension (RFC 7515 section 4.1.11: none is understood here); {@code sid}
 * is a uuid, {@code sub} a non-empty string, {@code iss} a string, {@code aud} a string or a list of
 * strings, and {@code exp}, {@code nbf} and {@code iat}, when present, whole numbers of seconds; {@code iss}
 * is the configured issuer and {@code aud} names the configured audience. Anything else is
 * {@code invalid-token}. Times are epoch seconds, {@code null} when absent; they are judged on the
 * database's clock by the {@link Authenticator}.
 */
public record TokenClaims(UUID sessionId, String userId, Long expiresAt, Long notBefore) {

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  /** @param parts the token's three segments, the signature's not empty */
  static TokenClaims read(String[] parts, TokenSettings settings) {
    Map<String, Object> header = object(parts[0]);
    if (!settings.algorithm().equals(header.get("alg")) || header.containsKey("crit")) {
      throw invalid();
    }
    Map<String, Object> payload = object(parts[1]);
    if (!(payload.get("sid") instanceof String sid) || !Uuids.isCanonical(sid)
        || !(payload.get("sub") instanceof String sub) || sub.isEmpty()
        || !(payload.get("iss") instanceof String iss) || !iss.equals(settings.issuer())
        || !isAudience(payload.get("aud"), settings.audience())) {
      throw invalid();
    }
    seconds(payload, "iat"); // checked for its type only: the session row, not the token, says its age
    return new TokenClaims(UUID.fromString(sid), sub, seconds(payload, "exp"), seconds(payload, "nbf"));
  }

  private static Map<String, Object> object(String segment) {
    try {
      Map<String, Object> object = StrictJson.parseObject(StrictJson.utf8(BASE64URL.decode(segment)));
      if (object == null) {
        throw invalid();
      }
      return object;
    } catch (IllegalArgumentException | IOException e) {
      throw invalid();
    }
  }

  /** A string, or a non-empty list of strings, that names {@code audience}. */
  private static boolean isAudience(Object aud, String audience) {
    if (aud instanceof String one) {
      return one.equals(audience);
    }
    return aud instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)
        && list.contains(audience);
  }

  /** A NumericDate claim: absent, or a whole number of seconds (JSON integers only; no fractions, no text). */
  private static Long seconds(Map<String, Object> payload, String claim) {
    if (!payload.containsKey(claim)) {
      return null;
    }
    Object value = payload.get(claim);
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw invalid();
  }

  private static ApiException invalid() {
    return new ApiException(Status.INVALID_TOKEN);
  }
}
