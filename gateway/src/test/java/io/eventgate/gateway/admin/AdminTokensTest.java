package io.eventgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tokens of named admin credentials: random, recognisable, and hashed to the same bytes every time. */
class AdminTokensTest {

  @Test
  void aNewTokenHasThePrefixAnd256RandomBitsInBase64Url() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String token = AdminTokens.generate();
      assertThat(token).startsWith("egt_").hasSize(4 + 43).matches("egt_[A-Za-z0-9_-]{43}");
      assertThat(AdminTokens.hasTokenForm(token)).isTrue();
      seen.add(token);
    }
    assertThat(seen).hasSize(1_000);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "egt_",
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",    // 42 characters
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // 44 characters
      "EGT_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0000",
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé",
      " egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ",
  })
  void anythingElseIsNotAToken(String text) {
    assertThat(AdminTokens.hasTokenForm(text)).isFalse();
  }

  @Test
  void aHugeValueIsNotAToken() {
    assertThat(AdminTokens.hasTokenForm("egt_" + "A".repeat(10_000_000))).isFalse();
  }

  @Test
  void theHashIsSha256OfTheToken() {
    // echo -n egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | sha256sum
    assertThat(HexFormat.of().formatHex(AdminTokens.hash("egt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
        .isEqualTo("96a6797dad7af238cfcd64259a75576684499e47018c42c10de6842fe4d75e66");
    String token = AdminTokens.generate();
    assertThat(AdminTokens.hash(token)).hasSize(32).isEqualTo(AdminTokens.hash(token));
    assertThat(AdminTokens.hash(token)).isNotEqualTo(AdminTokens.hash(AdminTokens.generate()));
  }

}
