package io.eventgate.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The trusted-proxy rule of README "Security", on the peer's address and the proxies' header as received. */
class ClientAddressesTest {

  private static final ClientAddresses BEHIND_PROXIES = ClientAddresses.from("10.0.0.0/8, 192.0.2.7, fd00::/8",
      null);
  private static final ClientAddresses FORWARDED = ClientAddresses.from("10.0.0.0/8", "forwarded");

  @Test
  void anUntrustedPeerIsTheClientWhateverItClaims() {
    assertThat(BEHIND_PROXIES.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    assertThat(ClientAddresses.from("", null).resolve("10.0.0.1", List.of("198.51.100.1"))).isEqualTo("10.0.0.1");
  }

  @Test
  void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    // What the client wrote itself, left of what the first proxy saw, is never believed.
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("6.6.6.6, 198.51.100.1, 192.0.2.7")))
        .isEqualTo("198.51.100.1");
    // Several header lines are one list.
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("6.6.6.6", "198.51.100.1", "10.2.2.2")))
        .isEqualTo("198.51.100.1");
    // No header: the proxy itself is as far as can be told.
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of())).isEqualTo("10.1.1.1");
  }

  @Test
  void somethingThatIsNoAddressStopsAtTheLastKnownProxy() {
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("198.51.100.1, unknown"))).isEqualTo("10.1.1.1");
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("evil.example, 10.3.3.3"))).isEqualTo("10.3.3.3");
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("x".repeat(8_000)))).isEqualTo("10.1.1.1");
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of(":::::::::, [, ]:1, [::%]"))).isEqualTo("10.1.1.1");
  }

  @Test
  void portsBracketsAndIpv6AreRead() {
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("198.51.100.1:4711"))).isEqualTo("198.51.100.1");
    assertThat(BEHIND_PROXIES.resolve("fd00::1", List.of("[2001:db8::5]:4711"))).isEqualTo("2001:db8::5");
    assertThat(BEHIND_PROXIES.resolve("10.1.1.1", List.of("2001:db8:0:0::5"))).isEqualTo("2001:db8::5");
  }

  @Test
  void onlyTheConfiguredHeaderIsRead() {
    // With X-Forwarded-For configured, a Forwarded header a client sent is not even looked at: the caller
    // hands resolve() the configured header's lines only. With Forwarded configured, its for= nodes are read.
    assertThat(FORWARDED.resolve("10.1.1.1", List.of("for=6.6.6.6, for=198.51.100.1;proto=https")))
        .isEqualTo("198.51.100.1");
    assertThat(FORWARDED.resolve("10.1.1.1", List.of("For=\"[2001:db8::5]:4711\""))).isEqualTo("2001:db8::5");
    assertThat(FORWARDED.resolve("10.1.1.1", List.of("for=_hidden"))).isEqualTo("10.1.1.1");
    assertThat(FORWARDED.resolve("10.1.1.1", List.of("proto=https"))).isEqualTo("10.1.1.1");
  }

  @Test
  void anIpv6ClientIsKeyedByItsSlash64AndAMappedIpv4ByItself() {
    assertThat(ClientAddresses.key("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddresses.key("2001:db8:1:2::9")).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddresses.key("::ffff:198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(ClientAddresses.key("198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(ClientAddresses.key("unknown")).isEqualTo("unknown");
  }

  @Test
  void aSettingThatIsNoAddressOrRangeStopsTheStart() {
    assertThatThrownBy(() -> ClientAddresses.from("proxy.internal", null)).hasMessageContaining("TRUSTED_PROXIES");
    assertThatThrownBy(() -> ClientAddresses.from("10.0.0.0/33", null)).hasMessageContaining("prefix");
    assertThatThrownBy(() -> ClientAddresses.from("10.0.0.0/x", null)).hasMessageContaining("prefix");
    assertThatThrownBy(() -> ClientAddresses.from("", "X-Real-IP")).hasMessageContaining("TRUSTED_PROXY_HEADER");
  }
}
