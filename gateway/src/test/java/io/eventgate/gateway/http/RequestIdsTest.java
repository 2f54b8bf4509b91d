package io.eventgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request id of docs/API.md section 1: 1-64 chars of [A-Za-z0-9._-] are kept, anything else replaced. */
class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "a",
      "Z",
      "7",
      "req-1",
      "0f9c4e3a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
      "a.b_c-D",
      "._-",
      "..",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"
  })
  void validIdsAreKept(String id) {
    assertThat(RequestIds.fromHeader(id)).isEqualTo(id);
  }

  @Test
  void sixtyFourCharactersAreKept() {
    String id = "x".repeat(64);
    assertThat(RequestIds.fromHeader(id)).isEqualTo(id);
  }

  @Test
  void sixtyFiveCharactersAreReplaced() {
    assertReplaced("x".repeat(65));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      " ",
      "a b",
      " abc",
      "abc ",
      "abc\n",
      "a\tb",
      "a/b",
      "../etc",
      "a:b",
      "a+b",
      "a=b",
      "<script>",
      "caf\u00e9",
      "\u0661\u0662\u0663",
      "\uFF41bc",
      "id\u0000"
  })
  void invalidIdsAreReplaced(String id) {
    assertReplaced(id);
  }

  @Test
  void generatedIdsDifferFromCallToCall() {
    assertThat(RequestIds.fromHeader(null)).isNotEqualTo(RequestIds.fromHeader(null));
  }

  @Test
  void theHeaderNameIsXRequestId() {
    assertThat(RequestIds.HEADER).isEqualTo("X-Request-Id");
  }

  // --- helpers ---

  private static void assertReplaced(String id) {
    String result = RequestIds.fromHeader(id);
    assertThat(result).isNotEqualTo(id);
    assertThat(UUID.fromString(result).toString()).isEqualTo(result);
    assertThat(result).matches("[A-Za-z0-9._-]{1,64}");
  }
}
