package io.eventgate.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The benchmark's progress lines, on standard error so that standard output holds only the report. */
final class Log {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Log() {
  }

  static void line(String format, Object... args) {
    System.err.println("[bench " + TIME.format(LocalTime.now()) + "] "
        + String.format(format, args));
  }
}
