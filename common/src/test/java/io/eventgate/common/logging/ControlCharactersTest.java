package io.eventgate.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertThat(ControlCharacters.escape("a\u001b[2Jb")).isEqualTo("a\\u001b[2Jb");
    assertThat(ControlCharacters.escape("\0\b\t\r\n\u007f\u0080\u0085\u009b\u009f"))
        .isEqualTo("\\u0000\\u0008\\u0009\\u000d\\u000a\\u007f\\u0080\\u0085\\u009b\\u009f");
  }

  @Test
  void backslashIsDoubledSoAnEscapeCannotBeForged() {
    assertThat(ControlCharacters.escape("\\u001b")).isEqualTo("\\\\u001b");
  }

  @Test
  void printableTextIsKeptAsItIs() {
    String text = "GET /api/v1/é?x=1 ~ \u00a0\u00ff \ud83d\ude00";
    assertThat(ControlCharacters.escape(text)).isSameAs(text);
    assertThat(ControlCharacters.escape(null)).isNull();
  }
}
