package io.eventgate.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The benchmark's progress lines, on standard error so that standard output holds only the report. */
final class Log {

  private Log() {
  }

  static void line(String format, Object... args) {
    System.err.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] "
        + String.format(format, args));
  }
}
