package io.eventgate.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.Status;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one rule for the {@code contract-version} header: absent is the current version; present, it must be
 * exactly the current version's decimal digits, once. A log line describes a refused value without quoting it
 * unless it is a plain number. (EventBusVersionTest checks the same rule against the real services.)
 */
class ContractVersionTest {

  /** Odd values a sender may write, none of which is version 1 as the rule spells it. */
  static final List<String> REFUSED = List.of("", " ", "01", "1.0", "1 ", " 1", "+1", "-1", "0", "2", "10",
      "1,1", "1\u0000", "1\r\nX-Forged: yes", "\u001b[31m1", "\u0661" /* ARABIC-INDIC DIGIT ONE */,
      "\uff11" /* FULLWIDTH DIGIT ONE */, "1\u202e", "\ud800", "v1", "one", "9".repeat(10),
      "1".repeat(10 * 1024));

  @Test
  void noHeaderIsTheCurrentVersion() {
    assertThat(ContractVersion.isKnown(MultiMap.caseInsensitiveMultiMap())).isTrue();
  }

  @Test
  void theCurrentVersionWrittenAsTheClientWritesItIsKnown() {
    assertThat(ContractVersion.header()).isEqualTo(Integer.toString(ContractVersion.CURRENT));
    assertThat(ContractVersion.isKnown(headers(ContractVersion.header()))).isTrue();
  }

  @Test
  void anyOtherValueIsRefused() {
    for (String value : REFUSED) {
      assertThat(ContractVersion.isKnown(headers(value))).as("'%s'", value).isFalse();
    }
  }

  @Test
  void theHeaderGivenTwiceIsRefusedEvenWithTheSameValue() {
    MultiMap twice = headers(ContractVersion.header()).add(ContractVersion.HEADER, ContractVersion.header());
    assertThat(ContractVersion.isKnown(twice)).isFalse();
  }

  @Test
  void theHeaderNameIsMatchedIgnoringCaseAsEveryDeliveryHeaderIs() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Contract-Version", "2");
    assertThat(ContractVersion.isKnown(headers)).isFalse();
  }

  @Test
  void theRefusalIsInvalidEncodedParamsAndNeverQuotesTheValue() {
    assertThat(ContractVersion.refusal().status()).isEqualTo(Status.INVALID_ENCODED_PARAMS);
    assertThat(ContractVersion.refusal().getMessage())
        .contains(ContractVersion.HEADER + ": " + ContractVersion.header());
  }

  @Test
  void aLogLineShowsANumberAndOnlyTheLengthOfAnythingElse() {
    assertThat(ContractVersion.describe(headers("2"))).isEqualTo("'2'");
    assertThat(ContractVersion.describe(headers("01"))).isEqualTo("'01'");
    for (String value : REFUSED) {
      String described = ContractVersion.describe(headers(value));
      assertThat(described).as("'%s'", value).hasSizeLessThan(80);
      for (char c : described.toCharArray()) {
        assertThat(c).as("'%s' described as '%s'", value, described).isBetween(' ', '~');
      }
    }
    assertThat(ContractVersion.describe(headers("1".repeat(10 * 1024)))).doesNotContain("1111111111");
    assertThat(ContractVersion.describe(headers("1").add(ContractVersion.HEADER, "\u001b"))).isEqualTo("2 values");
  }

  private static MultiMap headers(String value) {
    return MultiMap.caseInsensitiveMultiMap().add(ContractVersion.HEADER, value);
  }
}
