package io.eventgate.app;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs for the token tests: built here, independently of the gateway's own token code. */
final class Jwts {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {
  }

  static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  static String sid(String token) {
    return payload(token).getString("sid");
  }

  static String sign(String alg, JsonObject payload, String secret) {
    return signRaw(alg, new JsonObject().put("typ", "JWT").put("alg", alg).encode(), payload.encode(), secret);
  }

  /** HS256 over a header and payload given as raw text, for JSON no JsonObject would write (a key twice). */
  static String signRaw(String header, String payload, String secret) {
    return signRaw("HS256", header, payload, secret);
  }

  private static String signRaw(String alg, String header, String payload, String secret) {
    String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    String macAlgorithm = switch (alg) {
      case "HS256" -> "HmacSHA256";
      case "HS384" -> "HmacSHA384";
      case "HS512" -> "HmacSHA512";
      default -> throw new IllegalArgumentException(alg);
    };
    return signingInput + "." + B64.encodeToString(mac(macAlgorithm, secret, signingInput));
  }

  static String unsigned(JsonObject payload) {
    return part(new JsonObject().put("typ", "JWT").put("alg", "none")) + "." + part(payload) + ".";
  }

  /** The same token with its payload replaced and the original signature kept. */
  static String withPayload(String token, JsonObject payload) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + part(payload) + "." + parts[2];
  }

  private static String part(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(String algorithm, String secret, String input) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
