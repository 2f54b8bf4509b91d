package io.eventgate.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Uuids.isCanonical is a hand-written loop; it must accept exactly what the regex of the rule accepts. */
class UuidsTest {

  private static final Pattern RULE =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final String VALID = "a0000000-0000-4000-8000-000000000001";

  /** Characters just outside and inside each range, and the ones a careless check lets through. */
  private static final char[] NEAR_MISSES = {'/', '0', '9', ':', '@', 'A', 'F', 'G', '`', 'a', 'f', 'g', '-', '_',
      ' ', '\0', '\u0660', '\u0669', '\u06f0', '\uff10', '\uff21', '\uff41', '\u00e9', '\u0130', '\u212a',
      '\ud800', '\udc00', '\uffff', '\u00ad', '\u2010', '\u2011', '\u2212'};

  @Test
  void acceptsTheCanonicalFormInEitherCase() {
    for (String text : List.of(VALID, VALID.toUpperCase(), "0123abcd-ABCD-ef01-EF23-456789abcdef",
        "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000",
        "aBcDeF01-2345-6789-AbCd-eFaBcDeF0123")) {
      assertThat(Uuids.isCanonical(text)).as(text).isTrue();
      assertSameAsRule(text);
    }
  }

  @Test
  void refusesEveryOtherForm() {
    List<String> texts = new ArrayList<>(List.of("", "-", "a0000000-0000-4000-8000-00000000001",
        VALID + "0", VALID + "\n", " " + VALID, "{" + VALID + "}", "urn:uuid:" + VALID,
        VALID.replace("-", ""), "a00000000000-4000-8000-000000000001", "a000000-00000-4000-8000-000000000001",
        "a0000000-0000-4000-8000000-00000000001", "-a0000000-0000-4000-8000-00000000001",
        "a0000000-0000-4000-8000-00000000000-", "a0000000_0000_4000_8000_000000000001",
        "g0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-00000000000\0",
        "\uff10".repeat(8) + "-0000-4000-8000-000000000001", "\ud83d\ude00" + VALID.substring(2),
        VALID.substring(0, 35) + "\ud800", "-".repeat(36), "a".repeat(36)));
    for (int length = 0; length <= 40; length++) {
      texts.add("0".repeat(length));
      if (length != VALID.length()) {
        texts.add(VALID.repeat(2).substring(0, length));
      }
    }
    for (String text : texts) {
      assertThat(Uuids.isCanonical(text)).as(text).isFalse();
      assertSameAsRule(text);
    }
    assertThat(Uuids.isCanonical(null)).isFalse();
  }

  @Test
  void agreesWithTheRuleOnEveryCharacterAtEveryPosition() {
    for (int position = 0; position < VALID.length(); position++) {
      for (char c : NEAR_MISSES) {
        assertSameAsRule(VALID.substring(0, position) + c + VALID.substring(position + 1));
      }
    }
    // every BMP character in a digit's place and in a hyphen's place
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      assertSameAsRule((char) c + VALID.substring(1));
      assertSameAsRule(VALID.substring(0, 8) + (char) c + VALID.substring(9));
    }
  }

  @Test
  void agreesWithTheRuleOnRandomStrings() {
    SplittableRandom random = new SplittableRandom(14);
    for (int n = 0; n < 200_000; n++) {
      assertSameAsRule(randomText(random));
    }
  }

  /** Mostly near-uuids (right length, hyphens mostly in place) so the random cases reach the loop's depths. */
  private static String randomText(SplittableRandom random) {
    int length = random.nextInt(8) == 0 ? random.nextInt(40) : 35 + random.nextInt(3);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      boolean hyphenPlace = i == 8 || i == 13 || i == 18 || i == 23;
      int roll = random.nextInt(100);
      if (roll < 2) {
        text.append(NEAR_MISSES[random.nextInt(NEAR_MISSES.length)]);
      } else if (roll < 3) {
        text.append((char) random.nextInt(Character.MAX_VALUE + 1));
      } else if (hyphenPlace) {
        text.append('-');
      } else {
        text.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
      }
    }
    return text.toString();
  }

  private static void assertSameAsRule(String text) {
    assertThat(Uuids.isCanonical(text)).as("%s", escaped(text)).isEqualTo(RULE.matcher(text).matches());
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
    return out.toString();
  }
}
