package io.eventgate.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The signed caller: what a key holder signs is accepted by another holder of the same key, for its lifetime
 * and for that caller only; anything else naming somebody is refused. (CallerIdentityTest checks the same
 * against the real services.)
 */
class CallerAssertionsTest {

  private static final String KEY = "k".repeat(CallerAssertions.MIN_KEY_BYTES);
  private static final Caller CLIENT = new Caller("10000000-0000-4000-8000-000000000001",
      "20000000-0000-4000-8000-000000000001", "30000000-0000-4000-8000-000000000001", null, null, null);
  private static final long NOW = 1_800_000_000L;
  private static final String ADDRESS = "appointments";

  private final CallerAssertions signer = CallerAssertions.withKey(KEY);
  private final CallerAssertions service = CallerAssertions.withKey(KEY);

  @Test
  void aCallerSignedWithTheKeyIsAcceptedByAnotherHolderOfIt() {
    String header = signer.sign(ADDRESS, CLIENT);
    assertThat(header).matches("v1\\.[0-9]+\\.[A-Za-z0-9_-]{43}");
    assertThat(service.accepts(ADDRESS, CLIENT, header)).isTrue();
  }

  @Test
  void theSignatureNamesOneCallerOnly() {
    String header = signer.sign(ADDRESS, CLIENT, NOW + 10);
    List<Caller> others = new ArrayList<>();
    String other = "40000000-0000-4000-8000-000000000001";
    others.add(new Caller(other, CLIENT.sessionId(), CLIENT.clientId(), null, null, null));
    others.add(new Caller(CLIENT.userId(), other, CLIENT.clientId(), null, null, null));
    others.add(new Caller(CLIENT.userId(), CLIENT.sessionId(), other, null, null, null));
    others.add(new Caller(CLIENT.userId(), CLIENT.sessionId(), CLIENT.clientId(), other, null, null));
    others.add(new Caller(CLIENT.userId(), CLIENT.sessionId(), CLIENT.clientId(), null, other, null));
    others.add(new Caller(CLIENT.userId(), CLIENT.sessionId(), CLIENT.clientId(), null, null, other));
    // The same ids in other places: a client id moved to the employee's place gains a business's view.
    others.add(new Caller(CLIENT.userId(), CLIENT.sessionId(), null, CLIENT.clientId(), null, null));
    others.add(new Caller(CLIENT.userId(), null, CLIENT.clientId(), null, null, null));
    for (Caller forged : others) {
      assertThat(service.verifies(ADDRESS, forged, header, NOW)).as("%s", forged).isFalse();
    }
    assertThat(service.verifies(ADDRESS, CLIENT, header, NOW)).isTrue();
  }

  @Test
  void aRememberedSignatureStillNamesOneCallerAddressAndMoment() {
    // One instance signs and checks, as in one JVM: the check finds the header it signed a moment ago.
    CallerAssertions both = CallerAssertions.withKey(KEY);
    String header = both.sign(ADDRESS, CLIENT, NOW + 10);
    assertThat(both.sign(ADDRESS, CLIENT, NOW + 10)).isEqualTo(header)
        .isEqualTo(signer.sign(ADDRESS, CLIENT, NOW + 10));
    assertThat(both.verifies(ADDRESS, CLIENT, header, NOW)).isTrue();
    String other = "40000000-0000-4000-8000-000000000001";
    for (Caller forged : List.of(new Caller(other, CLIENT.sessionId(), CLIENT.clientId(), null, null, null),
        new Caller(CLIENT.userId(), CLIENT.sessionId(), CLIENT.clientId(), null, null, other),
        new Caller(CLIENT.userId(), CLIENT.sessionId(), null, CLIENT.clientId(), null, null))) {
      assertThat(both.verifies(ADDRESS, forged, header, NOW)).as("%s", forged).isFalse();
    }
    assertThat(both.verifies("users", CLIENT, header, NOW)).isFalse();
    // Another moment: the remembered header for NOW + 10 is not the one for NOW + 11.
    assertThat(both.verifies(ADDRESS, CLIENT, header.replace("." + (NOW + 10) + ".", "." + (NOW + 11) + "."), NOW))
        .isFalse();
    // More callers than it keeps: it starts again and still signs what a fresh holder of the key signs.
    for (int i = 0; i < CallerAssertions.RECENT_LIMIT + 10; i++) {
      Caller caller = new Caller(String.format("50000000-0000-4000-8000-%012d", i), null, null, null, null, null);
      assertThat(both.sign(ADDRESS, caller, NOW + 10)).isEqualTo(signer.sign(ADDRESS, caller, NOW + 10));
    }
    assertThat(both.verifies(ADDRESS, CLIENT, header, NOW)).isTrue();
  }

  @Test
  void theSignatureIsGoodAtOneAddressOnly() {
    String header = signer.sign(ADDRESS, CLIENT, NOW + 10);
    assertThat(service.verifies(ADDRESS, CLIENT, header, NOW)).isTrue();
    // What one service received cannot be sent on to another, where the same caller may do more.
    for (String other : List.of("users", "Appointments", "appointments ", "appointments\n", "")) {
      assertThat(service.verifies(other, CLIENT, header, NOW)).as("[%s]", other).isFalse();
    }
  }

  @Test
  void aSignatureIsGoodForItsLifetimeWithinTheClockSkewAndNoLonger() {
    long expires = NOW + CallerAssertions.LIFETIME_SECONDS;
    String header = signer.sign(ADDRESS, CLIENT, expires);
    assertThat(service.verifies(ADDRESS, CLIENT, header, NOW)).isTrue();
    assertThat(service.verifies(ADDRESS, CLIENT, header, expires + CallerAssertions.CLOCK_SKEW_SECONDS)).isTrue();
    assertThat(service.verifies(ADDRESS, CLIENT, header, expires + CallerAssertions.CLOCK_SKEW_SECONDS + 1)).isFalse();
    // Made to last longer than any signer makes them: refused, whoever signed it.
    long tooFar = NOW + CallerAssertions.LIFETIME_SECONDS + CallerAssertions.CLOCK_SKEW_SECONDS + 1;
    assertThat(service.verifies(ADDRESS, CLIENT, signer.sign(ADDRESS, CLIENT, tooFar), NOW)).isFalse();
  }

  @Test
  void anotherKeyOrATamperedHeaderIsRefused() {
    String header = signer.sign(ADDRESS, CLIENT, NOW + 10);
    CallerAssertions stranger = CallerAssertions.withKey("s".repeat(CallerAssertions.MIN_KEY_BYTES));
    assertThat(service.verifies(ADDRESS, CLIENT, stranger.sign(ADDRESS, CLIENT, NOW + 10), NOW)).isFalse();
    assertThat(service.verifies(ADDRESS, CLIENT, CallerAssertions.random().sign(ADDRESS, CLIENT, NOW + 10), NOW)).isFalse();
    String signature = header.substring(header.lastIndexOf('.') + 1);
    List<UnaryOperator<String>> tamperings = List.of(
        h -> h.replace("." + (NOW + 10) + ".", "." + (NOW + 20) + "."),
        h -> "v2" + h.substring(2),
        h -> h.substring(0, h.length() - 1) + (h.endsWith("A") ? "Q" : "A"),
        h -> h.substring(0, h.length() - 1),
        h -> h + "A",
        h -> h + "====",
        h -> h.replace(signature, ""),
        h -> h.replace(signature, "A".repeat(43)),
        h -> h.substring(0, h.lastIndexOf('.')),
        h -> " " + h,
        h -> h + "\u0000",
        h -> h.replace("v1.", "v1.-"),
        h -> h.replace("v1.", "v1.+"),
        h -> h.replace("v1.", "v1.0"),
        h -> h + "=",
        h -> "v1." + "9".repeat(30) + "." + signature,
        h -> h + "A".repeat(10 * 1024),
        h -> h.replace("-", "+").replace("_", "/"),
        h -> "\ud800" + h,
        h -> "",
        h -> "v1..");
    for (UnaryOperator<String> tamper : tamperings) {
      String forged = tamper.apply(header);
      if (!forged.equals(header)) {
        assertThat(service.verifies(ADDRESS, CLIENT, forged, NOW)).as("%s", forged).isFalse();
      }
    }
    assertThat(service.verifies(ADDRESS, CLIENT, null, NOW)).isFalse();
  }

  @Test
  void nobodyNeedsNoSignatureAndAnOpenBusAcceptsEveryCaller() {
    assertThat(signer.sign(ADDRESS, Caller.ANONYMOUS)).isNull();
    assertThat(service.accepts(ADDRESS, Caller.ANONYMOUS, null)).isTrue();
    assertThat(service.accepts(ADDRESS, null, "anything")).isTrue();
    assertThat(service.accepts(ADDRESS, CLIENT, null)).isFalse();
    assertThat(CallerAssertions.open().checks()).isFalse();
    assertThat(CallerAssertions.open().sign(ADDRESS, CLIENT)).isNull();
    assertThat(CallerAssertions.open().accepts(ADDRESS, CLIENT, null)).isTrue();
    assertThat(service.checks()).isTrue();
  }

  @Test
  void aShortKeyIsRefusedAtStart() {
    assertThatThrownBy(() -> CallerAssertions.withKey("k".repeat(CallerAssertions.MIN_KEY_BYTES - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("k".repeat(8));
  }
}
