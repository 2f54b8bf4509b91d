package io.eventgate.gateway.session;

import io.eventgate.common.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** How tokens are signed and checked: one algorithm, its keys, and the issuer and audience claims. */
public record TokenSettings(String algorithm, String secret, String publicKeyPem, String privateKeyPem,
                            String issuer, String audience) {

  private static final Set<String> ALGORITHMS = Set.of("HS256", "RS256", "ES256");

  public static TokenSettings from(Settings settings) {
    String algorithm = settings.text("JWT_ALGORITHM");
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("JWT_ALGORITHM must be HS256, RS256 or ES256");
    }
    String secret = settings.string("JWT_SECRET");
    if (algorithm.equals("HS256")
        && (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32)) {
      throw new IllegalArgumentException("JWT_SECRET must be set to at least 32 bytes");
    }
    if (!algorithm.equals("HS256")
        && (settings.string("JWT_PUBLIC_KEY") == null || settings.string("JWT_PRIVATE_KEY") == null)) {
      throw new IllegalArgumentException(algorithm + " needs JWT_PUBLIC_KEY and JWT_PRIVATE_KEY (PEM)");
    }
    return new TokenSettings(algorithm, secret, settings.string("JWT_PUBLIC_KEY"),
        settings.string("JWT_PRIVATE_KEY"), settings.text("JWT_ISSUER"),
        settings.text("JWT_AUDIENCE"));
  }

  @Override
  public String toString() {
    return "TokenSettings[" + algorithm + ", issuer=" + issuer + ", audience=" + audience + "]";
  }
}
