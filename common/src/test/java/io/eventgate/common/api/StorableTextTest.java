package io.eventgate.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

  @Test
  void nulAnywhereIsNotStorable() {
    for (String text : new String[] {"\0", "\0\0\0", "\0Clara", "Clara\0", "Cl\0ara", "x".repeat(100_000) + "\0"}) {
      assertThat(StorableText.isStorable(text)).as(text).isFalse();
    }
  }

  @Test
  void loneSurrogatesAreNotStorable() {
    for (String text : new String[] {"\ud800", "\udc00", "a\ud800", "\udc00a", "\udbff\udbff", "\udc00\ud800",
        "ok\ud83d"}) {
      assertThat(StorableText.isStorable(text)).as(text).isFalse();
    }
  }

  @Test
  void ordinaryTextAndSurrogatePairsAreStorable() {
    for (String text : new String[] {"", "Clara", "Zoë Ñúñez", "\ud83d\ude00", "smile \ud83d\ude00!",
        "\u0001\u001b\u007f\u0085", "x".repeat(100_000)}) {
      assertThat(StorableText.isStorable(text)).as(text).isTrue();
    }
    assertThat(StorableText.isStorable(null)).isTrue();
  }

  @Test
  void storableReplacesOnlyWhatCannotBeStored() {
    assertThat(StorableText.storable("a\0b\ud800c\ud83d\ude00\udc00")).isEqualTo("a\uFFFDb\uFFFDc\ud83d\ude00\uFFFD");
    assertThat(StorableText.storable("plain")).isEqualTo("plain");
    assertThat(StorableText.isStorable(StorableText.storable("\0\ud800\udc00\udc00"))).isTrue();
  }
}
