package io.eventgate.appointments;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ZoneId#of} for the zone names stored with appointments, each parsed once: parsing looks the zone's
 * rules up in the JDK's providers on every call, about 1% of the event loop when done per read.
 */
final class ZoneIds {

  /**
   * Only the region ids the JDK knew at start-up are remembered, so the map stays bounded (a few hundred)
   * whatever the database holds; any other name (an offset such as {@code UTC+01:00}) is parsed each time.
   */
  private static final Set<String> REMEMBERED = Set.copyOf(ZoneId.getAvailableZoneIds());
  private static final Map<String, ZoneId> PARSED = new ConcurrentHashMap<>();

  private ZoneIds() {
  }

  /** The same zone as {@code ZoneId.of(name)}, failing the same way for a name it refuses. */
  static ZoneId of(String name) {
    ZoneId zone = PARSED.get(name);
    if (zone == null) {
      zone = ZoneId.of(name);
      if (REMEMBERED.contains(name)) {
        PARSED.putIfAbsent(name, zone);
      }
    }
    return zone;
  }
}
