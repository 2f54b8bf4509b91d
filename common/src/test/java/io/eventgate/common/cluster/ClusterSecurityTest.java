package io.eventgate.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.common.config.SettingsLoader;
import io.eventgate.common.config.Settings;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the closed-cluster settings make of the event bus and Hazelcast, and how a process refuses to start
 * when the event bus's TLS files are wrong: one line naming the setting and the path, never the file's content.
 * The certificates come from the repository's deploy/make-certs.sh.
 */
class ClusterSecurityTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    Process script = new ProcessBuilder("bash", Path.of("..", "deploy", "make-certs.sh").toString(),
        dir.resolve("certs").toString(), "member").redirectErrorStream(true).start();
    assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(new String(script.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void tlsIsOffByDefault() {
    VertxOptions options = new VertxOptions();
    Cluster.configure(options, settings(new JsonObject()));
    assertThat(options.getEventBusOptions().isSsl()).isFalse();
  }

  @Test
  void tlsOnMeansBothSidesProveTheyHoldACertificateOfTheCa() {
    VertxOptions options = new VertxOptions();
    Cluster.configure(options, settings(tls(cert(), key(), ca())));
    EventBusOptions bus = options.getEventBusOptions();
    assertThat(bus.isSsl()).isTrue();
    assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    // The event bus's own default trusts every server: a member would then talk to any listener.
    assertThat(bus.isTrustAll()).isFalse();
    assertThat(bus.getKeyCertOptions()).isNotNull();
    assertThat(bus.getTrustOptions()).isNotNull();
  }

  @Test
  void aMissingSettingOrFileIsNamed() {
    assertThatThrownBy(() -> configure(tls(cert(), null, ca())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EVENTBUS_TLS_KEY must be set when EVENTBUS_TLS is on");
    String missing = dir.resolve("nowhere.pem").toString();
    assertThatThrownBy(() -> configure(tls(cert(), key(), missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EVENTBUS_TLS_CA: cannot read " + missing + " (NoSuchFileException)");
  }

  @Test
  void aFileThatIsNotPemIsRefusedWithoutQuotingIt() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "JWT_SECRET=do-not-print-me\n");
    assertThatThrownBy(() -> configure(tls(secret.toString(), key(), ca())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EVENTBUS_TLS_CERT: " + secret + " is not a certificate in PEM")
        .message().doesNotContain("do-not-print-me");
    // A key given as the certificate, and a certificate as the key.
    assertThatThrownBy(() -> configure(tls(key(), key(), ca())))
        .hasMessage("EVENTBUS_TLS_CERT: " + key() + " is not a certificate in PEM");
    assertThatThrownBy(() -> configure(tls(cert(), cert(), ca())))
        .hasMessage("EVENTBUS_TLS_KEY: " + cert() + " is not a private key in PEM");
    Path broken = Files.writeString(dir.resolve("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> configure(tls(cert(), key(), broken.toString())))
        .hasMessage("EVENTBUS_TLS_CA: " + broken + " is not a readable PEM certificate");
  }

  @Test
  void hazelcastListensOnlyOnTheInterfaceItIsGiven() {
    assertThat(Cluster.hazelcast(settings(new JsonObject())).getProperty("hazelcast.socket.bind.any"))
        .isEqualTo("false");
    assertThat(Cluster.hazelcast(settings(new JsonObject().put("CLUSTER_HOST", "0.0.0.0")))
        .getProperty("hazelcast.socket.bind.any")).isEqualTo("true");
  }

  private static void configure(JsonObject values) {
    Cluster.configure(new VertxOptions(), settings(values));
  }

  private static JsonObject tls(String cert, String key, String ca) {
    return new JsonObject().put("EVENTBUS_TLS", "true").put("EVENTBUS_TLS_CERT", cert).put("EVENTBUS_TLS_KEY", key)
        .put("EVENTBUS_TLS_CA", ca);
  }

  private static Settings settings(JsonObject overrides) {
    return SettingsLoader.load(overrides);
  }

  private static String cert() {
    return dir.resolve("certs/member.pem").toString();
  }

  private static String key() {
    return dir.resolve("certs/member.key").toString();
  }

  private static String ca() {
    return dir.resolve("certs/ca.pem").toString();
  }
}
