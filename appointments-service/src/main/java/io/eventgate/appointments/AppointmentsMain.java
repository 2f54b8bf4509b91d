package io.eventgate.appointments;

import io.eventgate.common.bus.CallerKeys;
import io.eventgate.common.config.Settings;
import io.eventgate.common.db.DatabaseOptions;
import io.eventgate.common.launch.Launcher;
import io.eventgate.common.tracing.Tracing;

/**
 * An appointments process of a clustered deployment ({@link AppointmentsProcess}): start as many as you
 * like; the event bus spreads requests among them. Needs {@code PG_URL}.
 */
public final class AppointmentsMain {

  private AppointmentsMain() {
  }

  public static void main(String[] args) {
    Launcher.main("appointments", settings -> {
      int loops = settings.eventLoops(Settings.cores());
      Tracing tracing = Tracing.from(settings, "eventgate-appointments");
      return Launcher.Plan.of(loops, true, tracing,
          () -> new AppointmentsProcess(DatabaseOptions.from(settings).pg(), tracing, loops,
              CallerKeys.from(settings)));
    }, "PG_URL");
  }
}
