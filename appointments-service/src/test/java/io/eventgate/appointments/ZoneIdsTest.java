package io.eventgate.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ZoneIdsTest {

  private static final Instant SOME_INSTANT = Instant.parse("2026-03-08T08:30:00Z");

  @Test
  void everyKnownRegionIsTheZoneZoneIdOfGivesAndIsParsedOnce() {
    for (String name : ZoneId.getAvailableZoneIds()) {
      ZoneId zone = ZoneIds.of(name);
      assertThat(zone).isEqualTo(ZoneId.of(name));
      assertThat(zone.getId()).isEqualTo(name);
      assertThat(zone.getRules().getOffset(SOME_INSTANT)).isEqualTo(ZoneId.of(name).getRules().getOffset(SOME_INSTANT));
      assertThat(ZoneIds.of(new String(name))).isSameAs(zone);
    }
  }

  @Test
  void otherNamesAreParsedEachTimeAndNotRemembered() {
    for (String name : new String[] {"UTC+01:00", "GMT-05:30", "UT+3"}) {
      assertThat(ZoneIds.of(name)).isEqualTo(ZoneId.of(name)).isNotSameAs(ZoneIds.of(name));
    }
    assertThat(ZoneIds.of("+05:00")).isEqualTo(ZoneId.of("+05:00"));
  }

  @Test
  void namesZoneIdOfRefusesAreRefused() {
    for (String name : new String[] {"", "America/Nowhere", "america/chicago", "Mars/Olympus_Mons", "!"}) {
      assertThatThrownBy(() -> ZoneIds.of(name)).isInstanceOf(DateTimeException.class);
    }
  }
}
